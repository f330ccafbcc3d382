// A one-line description of the configured database with any password masked.

import type { Config } from '../config/types.js';

export function describeDatabase(config: Config): string {
  const { client, connection } = config.database;
  if (typeof connection !== 'string') {
    const c = connection as Record<string, unknown>;
    const where = [c.host ?? c.connectString ?? '', c.port ?? ''].filter((x) => x !== '').join(':');
    return `${client} ${where}${c.database ? `/${String(c.database)}` : ''}`;
  }
  if (client === 'sqlite') return `sqlite ${connection}`;
  try {
    const u = new URL(connection);
    if (u.password) u.password = '***';
    return `${client} ${u.toString()}`;
  } catch {
    return `${client} (connection string)`;
  }
}
