import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { Config } from './config/types.js';
import type { Clock, Logger } from './core/ports.js';
import { TimCore } from './core/tim-core.js';
export interface AppOptions {
    logger?: Logger;
    clock?: Clock;
    /** where the built browser pages are (default dist/web of this package; transport/demo-page.ts) */
    webRoot?: string;
}
export interface TimApp {
    readonly config: Config;
    readonly core: TimCore;
    readonly knex: Knex;
    readonly log: Logger;
    /** Starts both listeners; resolves with their bound addresses (port 0 becomes a real port). */
    listen(): Promise<{
        client: AddressInfo;
        admin: AddressInfo;
    }>;
    /** The Admiface listener's address once listening (admin.admiface.enabled), else undefined. */
    admifaceAddress(): AddressInfo | undefined;
    /** Closes sockets, drains deliveries, closes listeners and the database pool. Idempotent. */
    close(): Promise<void>;
}
export declare function buildApp(config: Config, opts?: AppOptions): Promise<TimApp>;
