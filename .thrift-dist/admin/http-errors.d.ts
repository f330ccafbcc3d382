import { type ErrorCodeValue } from '../protocol/error-codes.js';
/** An admin-layer refusal: a tim code plus a message for the caller, and optionally a status
 *  that overrides the table (401 for credentials, 404 for an unknown route, ...). */
export declare class AdminError extends Error {
    readonly code: ErrorCodeValue;
    readonly status?: number | undefined;
    constructor(code: ErrorCodeValue, message: string, status?: number | undefined);
}
export declare function statusOf(code: ErrorCodeValue): number;
export interface ClassifiedError {
    status: number;
    code: ErrorCodeValue;
    /** for the caller: what was wrong, in words */
    message: string;
    /** a bug or a database failure: the caller should log it */
    log: boolean;
}
export declare function classify(err: unknown): ClassifiedError;
/** The REST error body. */
export declare function errorBody(c: Pick<ClassifiedError, 'code' | 'message'>): {
    ok: false;
    error: {
        code: number;
        info: string;
        message: string;
    };
};
