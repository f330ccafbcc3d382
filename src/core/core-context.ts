// What the frame handlers (core/handlers, core/vroom) and the core's helpers (dispatcher.ts,
// frame-error.ts, local-node.ts, offline-drain.ts, request-rate.ts) see of the core: exactly the
// members they use, which TimCore (core/tim-core.ts) implements. They name this interface, never the
// TimCore class, so that tim-core.ts can import them without an import cycle
// (test/unit/architecture/import-graph.test.ts forbids any, type imports included).
// Contract: this file imports types only, from files that import neither tim-core.ts nor a handler.

import type { Limits } from '../config/types.js';
import type { ErrorCodeValue } from '../protocol/error-codes.js';
import type { NodeIds } from '../protocol/node-id.js';
import type { TimAck, TimAuth } from '../protocol/wire-types.js';
import type { OfflineRecord, Store } from '../store/store.js';
import type { BanList } from './ban-list.js';
import type { DeliveredAcks } from './delivered-acks.js';
import type { IdGenerator } from './ids.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Peers } from './peers.js';
import type { Permissions } from './permissions.js';
import type { Clock, Logger } from './ports.js';
import type { RateLimitedLog } from './rate-limited-log.js';
import type { DeliveryOutcome, ReliableDelivery } from './reliable-delivery.js';
import type { RosterCache } from './roster-cache.js';
import type { Session } from './session.js';
import type { SessionRegistry } from './session-registry.js';
import type { CoreStats } from './stats.js';
import type { TokenStore } from './tokens.js';

/** Checks a JWT (config auth.jwt, core/jwt-verifier.ts): resolves with the node to log in as, or
 *  null when the token is refused. */
export type JwtVerifier = (token: string) => Promise<string | null>;

/** Extra frame kinds that the business/vroom layer registers (BUSINESS, NODES, VROOM, ...). */
export type ExtensionHandler = (core: CoreContext, session: Session, frame: Buffer) => Promise<void> | void;

/** The core as its handlers see it; the members are documented where TimCore defines them. */
export interface CoreContext {
  readonly limits: Limits;
  readonly store: Store;
  readonly tokens: TokenStore;
  readonly log: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly registry: SessionRegistry;
  readonly delivery: ReliableDelivery;
  readonly deliveredAcks: DeliveredAcks;
  readonly rosters: RosterCache;
  readonly perms: Permissions;
  readonly bans: BanList;
  readonly peers: Peers;
  readonly stats: CoreStats;
  readonly instanceHash: number;
  readonly disabled: ReadonlySet<number>;
  readonly jwt: JwtVerifier | undefined;
  readonly nodeIds: NodeIds;
  readonly connectAuth: ((auth: TimAuth) => Promise<boolean>) | undefined;
  readonly logins: LoginThrottle;
  readonly dbErrors: RateLimitedLog;
  readonly extensions: ReadonlyMap<number, ExtensionHandler>;
  readonly isClosing: boolean;
  registerExtension(type: number, handler: ExtensionHandler): void;
  forgetLocal(nodes: readonly string[]): void;
  forgetAllLocal(): void;
  sendToNode(node: string, frame: Buffer): number;
  sendLocal(node: string, frame: Buffer, owed?: boolean): number;
  offer(session: Session, frame: Buffer): boolean;
  mayBeOnline(node: string): boolean;
  write(session: Session, frame: Buffer): void;
  deliverMessage(node: string, json: string, id: number, mid: number, body?: Buffer): Promise<DeliveryOutcome>;
  deliverRecord(record: OfflineRecord, body: Buffer, durable: boolean): Promise<DeliveryOutcome>;
  pendingDelivery(node: string, json: string, id: number, mid: number): OfflineRecord;
  ack(session: Session, ack: TimAck): void;
  errorAck(session: Session, timType: number, code: ErrorCodeValue, extra?: Partial<TimAck>, reason?: string): void;
  kickLocal(node: string, notify: boolean): number;
  cameOnline(session: Session): void;
  unexpected(err: unknown, context: Record<string, unknown>): ErrorCodeValue;
}
