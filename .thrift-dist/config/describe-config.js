// One line per top-level setting, for `tim check` and the start-up log. Secrets never appear:
// admin keys and account passwords are counted, URL and connection-object passwords are masked.
export function describeConfig(config) {
    const { admin, database, limits } = config;
    const usernames = admin.accounts.map((a) => a.username);
    return [
        `config: ${config.file || '(built in code)'}`,
        `listen: ${config.listen}${config.tls ? ' (TLS)' : ''}`,
        `origin: ${config.origin || 'any'}`,
        `tls: ${config.tls ? `cert ${config.tls.cert}, key ${config.tls.key}` : 'off'}`,
        `admin: ${admin.listen}, ${count(admin.keys.length, 'key')}, ${count(usernames.length, 'account')}${usernames.length ? ` (${usernames.join(', ')})` : ''}`,
        `database: ${database.client} ${maskConnection(database.connection)}, pool ${database.pool.min}..${database.pool.max}`,
        `mode: ${config.mode}`,
        `passwords: ${config.passwords}`,
        `sql: ${Object.keys(config.sql).join(', ') || 'no overrides'}`,
        `limits: ${Object.entries(limits).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`,
        `cluster: ${config.cluster ? maskUrl(config.cluster.redis) : 'single node'}`,
        `disabledApis: ${config.disabledApis.join(', ') || 'none'}`,
        `logLevel: ${config.logLevel}`,
    ];
}
function count(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
/** `scheme://user:secret@host` -> `scheme://user:***@host` */
function maskUrl(url) {
    return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
}
function maskConnection(connection) {
    if (typeof connection === 'string')
        return maskUrl(connection);
    return JSON.stringify(connection, (key, value) => /pass|pwd|secret|token/i.test(key) && value !== '' ? '***' : typeof value === 'string' ? maskUrl(value) : value);
}
//# sourceMappingURL=describe-config.js.map