// Who may call the admin listener. REST v1: `Authorization: Bearer <key>` against admin.keys.
// Legacy tim paths: tim's `username` and `password` request headers against admin.accounts
// (docs/admin-api.md section 1), or a Bearer key.
//
// Contract:
//  - secrets are compared in constant time: both sides are hashed to a fixed length first (so the
//    length does not leak either) and every configured secret is compared (no early exit);
//  - there is no default key or password: with none configured every call is refused (403) with a
//    message saying how to configure one; a missing or wrong credential is 401;
//  - the check runs in onRequest, before the body is read, so a refused call does nothing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes.js';
import { AdminError } from './http-errors.js';
const digest = (s) => createHash('sha256').update(s, 'utf8').digest();
/** Constant-time string equality (see the file comment). */
export function safeEqual(a, b) {
    return timingSafeEqual(digest(a), digest(b));
}
/** True when `given` equals one of `secrets`; always compares against all of them. */
function matchesAny(given, secrets) {
    let hit = false;
    for (const s of secrets)
        hit = safeEqual(given, s) || hit;
    return hit;
}
/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any. */
export function bearerOf(header) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
    return m?.[1];
}
const HOW_TO_KEY = 'set admin.keys in the config file (the shipped tim.config.yaml reads the TIM_ADMIN_KEY environment variable) and restart';
function unauthorized(reply, message) {
    reply.header('www-authenticate', 'Bearer realm="tim-admin"');
    return new AdminError(ErrorCode.NOPASS, message, 401);
}
/** onRequest hook for /api/v1/admin/*. */
export function bearerAuth(secrets) {
    return async (req, reply) => {
        if (secrets.keys.length === 0) {
            throw new AdminError(ErrorCode.PERM_DENIED, `the admin API is disabled because no admin key is configured: ${HOW_TO_KEY}`, 403);
        }
        const token = bearerOf(req.headers.authorization);
        if (token === undefined)
            throw unauthorized(reply, 'missing credentials: send the header "Authorization: Bearer <key>" with a key from admin.keys');
        if (!matchesAny(token, secrets.keys))
            throw unauthorized(reply, 'wrong admin key');
    };
}
/** onRequest hook for the legacy tim paths: username/password headers, or a Bearer key. */
export function legacyAuth(secrets) {
    return async (req, reply) => {
        if (secrets.keys.length === 0 && secrets.accounts.length === 0) {
            throw new AdminError(ErrorCode.PERM_DENIED, `the legacy admin paths are disabled because no admin account or key is configured: set admin.accounts (TIM_ADMIN_PASSWORD in the shipped config) or ${HOW_TO_KEY}`, 403);
        }
        const token = bearerOf(req.headers.authorization);
        if (token !== undefined) {
            if (!matchesAny(token, secrets.keys))
                throw unauthorized(reply, 'wrong admin key');
            return;
        }
        const username = header(req, 'username');
        const password = header(req, 'password');
        if (username === undefined || password === undefined) {
            throw unauthorized(reply, 'missing credentials: send the username and password headers of an admin.accounts entry, or "Authorization: Bearer <key>"');
        }
        let ok = false;
        for (const a of secrets.accounts) {
            const name = safeEqual(username, a.username);
            const pass = safeEqual(password, a.password); // compared even when the name differs
            ok = (name && pass) || ok;
        }
        if (!ok)
            throw unauthorized(reply, 'wrong admin username or password');
    };
}
function header(req, name) {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
}
//# sourceMappingURL=admin-auth.js.map