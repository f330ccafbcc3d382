import { type BusinessOp } from './context.js';
export declare const roomOps: ReadonlyMap<number, BusinessOp>;
