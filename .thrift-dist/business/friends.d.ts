import { type BusinessOp } from './context.js';
export declare const friendOps: ReadonlyMap<number, BusinessOp>;
