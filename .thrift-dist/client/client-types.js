// Public types of the tim client: options, events, the error class, and the WebSocket shape it
// needs. Kept apart from tim-client.ts so the class file holds behaviour only.
/** WebSocket readyState values (same in browsers and `ws`). */
export const WS_OPEN = 1;
export const WS_CLOSED = 3;
/** A refusal or failure, with the tim error code (from the ack, or 1102 overtime for a timeout,
 *  1103 connect for a closed or missing connection). */
export class TimClientError extends Error {
    code;
    ack;
    constructor(code, message, ack) {
        super(message);
        this.code = code;
        this.ack = ack;
        this.name = 'TimClientError';
    }
}
//# sourceMappingURL=client-types.js.map