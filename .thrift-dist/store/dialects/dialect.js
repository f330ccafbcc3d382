// What differs between the four databases once SQL is data: how knex connects, what shape
// knex.raw resolves with, how values bind and which driver options keep numbers exact. Each module
// in this folder is one small Dialect; the store never branches on the client itself.
/** A row with lower-cased keys; the first spelling wins if two keys differ only in case. */
export function lowerKeys(row) {
    const out = {};
    for (const [k, v] of Object.entries(row)) {
        const lower = k.toLowerCase();
        if (!(lower in out))
            out[lower] = v;
    }
    return out;
}
export function isRowArray(value) {
    return Array.isArray(value) && value.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
}
/** `scheme://user@host:port/db` from a URL, without the password; the text itself if it does not parse. */
export function redactUrl(url) {
    try {
        const u = new URL(url);
        u.password = '';
        return u.toString();
    }
    catch {
        return url.replace(/:[^:@/]*@/, '@');
    }
}
/** The same for a driver connection object. */
export function describeObject(scheme, c) {
    const user = c.user ?? c.username;
    const host = c.host ?? c.server ?? c.connectString ?? c.socketPath ?? 'localhost';
    const port = c.port ? `:${String(c.port)}` : '';
    const db = c.database ? `/${String(c.database)}` : '';
    return `${scheme}://${user ? `${String(user)}@` : ''}${String(host)}${port}${db}`;
}
//# sourceMappingURL=dialect.js.map