// Account registration over HTTP: tim takes REGISTER (14) as one frame in the body of POST /tim2
// (builtin mode), not over the WebSocket, and answers with one TIMACK frame (docs/protocol.md 5.3).
// Uses the global fetch (browsers, Node 20+), so it runs wherever TimClient does.
import { ErrorCode } from '../protocol/error-codes.js';
import { decodeAck, encodeAuth } from '../protocol/json-codec.js';
import { TimType, TYPE_MASK } from '../protocol/timtype.js';
import { clientFrame } from './client-frames.js';
import { TimClientError } from './client-types.js';
/**
 * Registers `name` with password `pwd` at `httpBase` (the client listener, e.g.
 * "http://127.0.0.1:20003"; a trailing slash is fine) and resolves with the new account's node.
 * Rejects with TimClientError: the ack's code (4101 name taken, 4104 empty or unstorable name or
 * password, 4107 not served in this mode, 5104 server busy), or 1103 when the server could not be
 * reached or answered something other than an ack (e.g. HTTP 429 past limits.httpRatePerMinute,
 * whose message is kept).
 */
export async function registerAccount(httpBase, name, pwd, domain) {
    const url = httpBase.replace(/\/+$/, '') + '/tim2';
    let res;
    try {
        res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/octet-stream' },
            body: clientFrame(TimType.REGISTER, encodeAuth({ name, pwd, domain })),
        });
    }
    catch (err) {
        throw new TimClientError(ErrorCode.CONNECT, `POST ${url} failed: ${err.message}`);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!res.ok || bytes.length === 0 || (bytes[0] & TYPE_MASK) !== TimType.ACK) {
        // Not an ack: an HTTP error (its JSON message is worth showing) or a server without REGISTER.
        const detail = res.ok ? 'no ack in the answer' : new TextDecoder().decode(bytes).slice(0, 200);
        throw new TimClientError(ErrorCode.CONNECT, `POST ${url}: HTTP ${res.status} ${detail}`);
    }
    const ack = decodeAck(bytes.subarray(1));
    if (!ack.ok || ack.n === undefined) {
        throw new TimClientError(ack.error?.code ?? ErrorCode.UNDEFINED, `registration refused: ${ack.error?.info ?? 'no error'}`, ack);
    }
    return ack.n;
}
//# sourceMappingURL=tim-register.js.map