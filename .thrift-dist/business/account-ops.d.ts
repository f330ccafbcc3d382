import { type BusinessOp } from './context.js';
export declare const accountOps: ReadonlyMap<number, BusinessOp>;
