import { type BusinessOp } from './context.js';
export declare const externalRosterOps: ReadonlyMap<number, BusinessOp>;
