import type { TimMessage } from '../../protocol/wire-types.js';
import { type AdminService } from '../admin-service.js';
import type { Struct } from './admiface-codec.js';
export type MethodImpl = (svc: AdminService, a: Struct) => Promise<Struct>;
/** TimMessage -> AdmMessage (tim's timMessageToAdmMessage). */
export declare function messageOut(m: TimMessage): Struct;
export declare const METHOD_IMPLS: Readonly<Record<string, MethodImpl>>;
