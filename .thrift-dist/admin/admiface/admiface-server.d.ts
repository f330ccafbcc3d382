import type { AddressInfo } from 'node:net';
import type { AdminService } from '../admin-service.js';
import type { Config } from '../../config/types.js';
export declare const MAX_AUTH_FAILURES = 3;
export interface AdmifaceServer {
    listen(): Promise<AddressInfo>;
    close(): Promise<void>;
}
export declare function createAdmifaceServer(svc: AdminService, config: Config): AdmifaceServer;
