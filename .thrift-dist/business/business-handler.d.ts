import type { ExtensionHandler } from '../core/tim-core.js';
import type { BusinessContext, BusinessOp } from './context.js';
/** The operations a mode serves (rtypes 1..3 excluded: answerList has them). */
export declare function operationsFor(ctx: BusinessContext): ReadonlyMap<number, BusinessOp>;
export declare function businessHandler(ctx: BusinessContext): ExtensionHandler;
