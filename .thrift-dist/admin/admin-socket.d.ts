import type { FastifyInstance } from 'fastify';
import type { TimCore } from '../core/tim-core.js';
import type { ThriftStruct } from '../protocol/thrift-structs.js';
import { type AdminSecrets } from './admin-auth.js';
export declare const T_AUTH_BEAN: ThriftStruct;
export declare const T_ADM_ACK: ThriftStruct;
export declare const T_SUB_BEAN: ThriftStruct;
export declare const T_SUB_ONLINE: ThriftStruct;
export declare function registerAdminSocket(app: FastifyInstance, core: TimCore, secrets: AdminSecrets): Promise<void>;
