import { type BusinessOp } from './context.js';
export declare const roomAdminOps: ReadonlyMap<number, BusinessOp>;
