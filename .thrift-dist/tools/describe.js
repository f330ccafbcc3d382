// A one-line description of the configured database with any password masked.
export function describeDatabase(config) {
    const { client, connection } = config.database;
    if (typeof connection !== 'string') {
        const c = connection;
        const where = [c.host ?? c.connectString ?? '', c.port ?? ''].filter((x) => x !== '').join(':');
        return `${client} ${where}${c.database ? `/${String(c.database)}` : ''}`;
    }
    if (client === 'sqlite')
        return `sqlite ${connection}`;
    try {
        const u = new URL(connection);
        if (u.password)
            u.password = '***';
        return `${client} ${u.toString()}`;
    }
    catch {
        return `${client} (connection string)`;
    }
}
//# sourceMappingURL=describe.js.map