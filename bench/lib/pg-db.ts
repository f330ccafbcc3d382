// A fresh PostgreSQL database for one bench run, created on the server of TIM_BENCH_PG_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) and dropped afterwards.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createPgDatabase(adminUrl: string): Promise<PgDatabase> {
  const name = `tim_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
