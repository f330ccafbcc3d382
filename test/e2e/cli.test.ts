// The `tim` command (issue 2): start prints where it listens and stops cleanly on SIGINT with exit
// code 0; check prints one line per template key and fails naming a broken key; migrate --print
// renders the builtin DDL; config and connection errors are one clear line, never a stack alone.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeDatabase } from '../helpers/databases.js';
import { until } from '../helpers/tim-server.js';

// Outside CI a missing MariaDB skips the one test that needs it (in CI it must be there).
const mysqlDown = process.env.CI === 'true' ? undefined : await probeDatabase('mysql');

const ROOT = join(import.meta.dirname, '..', '..');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function tim(args: string[], opts: { stopWhen?: (out: string) => boolean } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, TIM_ADMIN_KEY: '', TIM_CONFIG: '' },
    });
    let out = '';
    let err = '';
    let signalled = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!signalled && opts.stopWhen?.(out)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tim-cli-'));
  const file = join(dir, 'tim.config.yaml');
  writeFileSync(file, text);
  return file;
}

const shipped = readFileSync(join(ROOT, 'tim.config.yaml'), 'utf8');
/** The shipped config with its `sql: {}` line replaced by `sql` text. */
const withSql = (sql: string) => shipped.replace(/^sql: \{\}.*$/m, sql);

describe('tim command', () => {
  it('start prints the listeners and database, and SIGINT shuts down with exit code 0', async () => {
    const file = configFile(shipped.replace('0.0.0.0:20003', '127.0.0.1:0').replace('127.0.0.1:20004', '127.0.0.1:0'));
    const r = await tim(['start', '--config', file], { stopWhen: (o) => o.includes('database:') });
    expect(r.out).toMatch(/client ws:\/\/127\.0\.0\.1:\d+\/tim/);
    expect(r.out).toMatch(/admin http:\/\/127\.0\.0\.1:\d+/);
    expect(r.out).toMatch(/database: sqlite .*tim\.db, builtin mode/);
    expect(r.out).toContain('SIGINT: shutting down');
    expect(r.code).toBe(0);
  });

  it('check on the shipped config prints every key ok and exits 0', async () => {
    const r = await tim(['check', '--config', configFile(shipped)]);
    for (const key of ['login', 'user.auth', 'room.auth', 'message.save', 'message.get', 'offlinemsg.del', 'room.roster']) {
      expect(r.out).toContain(`${key}: ok`);
    }
    expect(r.out).toMatch(/all \d+ templates ok/);
    expect(r.code).toBe(0);
  });

  it('check names a template that fails in the database and exits non-zero', async () => {
    const file = configFile(withSql('sql:\n  user.auth: SELECT no_such_column FROM tim_user WHERE node = :from'));
    const r = await tim(['check', '--config', file]);
    expect(r.out).toMatch(/user\.auth: FAILED .*no_such_column/);
    expect(r.out).toContain('login: ok');
    expect(r.code).toBe(1);
  });

  it('check names the key, parameter and line of an unknown parameter', async () => {
    const text = withSql('sql:\n  user.auth: |\n    SELECT 1 FROM tim_relation\n    WHERE owner = :sender');
    const file = configFile(text);
    const line = text.split('\n').findIndex((l) => l.includes(':sender')) + 1;
    const r = await tim(['check', '--config', file]);
    expect(r.out + r.err).toContain(':sender');
    expect(r.out + r.err).toContain('user.auth');
    expect(r.out + r.err).toContain(`:${line}:`);
    expect(r.code).toBe(1);
  });

  it('refuses a config with an unknown key, naming file, key and line:column, without a stack trace', async () => {
    const file = configFile('listen: "127.0.0.1:0"\nlimits:\n  pulMax: 3\n');
    const r = await tim(['start', '--config', file]);
    expect(r.err).toContain(`${file}:3:3: limits.pulMax: unknown key`);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
  });

  it('refuses broken YAML with its position', async () => {
    const file = configFile('listen: "127.0.0.1:0\nmode: builtin\n');
    const r = await tim(['check', '--config', file]);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/:\d+:\d+/);
    expect(r.code).toBe(1);
  });

  it('reports an unreachable database in one line naming the host', async () => {
    const file = configFile('database:\n  client: mysql\n  connection: "mysql://root@127.0.0.1:1/test"\n');
    const r = await tim(['check', '--config', file]);
    expect(r.out + r.err).toMatch(/127\.0\.0\.1:1/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
  });

  it.skipIf(mysqlDown !== undefined)('reports a wrong database password in one line', async () => {
    const file = configFile('database:\n  client: mysql\n  connection: "mysql://root:wrong-password@127.0.0.1:3306/test"\n');
    const r = await tim(['check', '--config', file]);
    expect(r.err).toMatch(/access denied/i);
    expect(r.err).not.toContain('wrong-password');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
  });

  it('migrate --print renders the builtin DDL without connecting', async () => {
    const file = configFile('database:\n  client: postgres\n  connection: "postgres://nobody@127.0.0.1:1/none"\n');
    const r = await tim(['migrate', '--print', '--config', file]);
    expect(r.out).toMatch(/create table "tim_message"/i);
    expect(r.code).toBe(0);
  });

  it('migrate creates the schema once and then reports it up to date', async () => {
    const file = configFile('database:\n  client: sqlite\n  connection: ./m.db\n');
    const first = await tim(['migrate', '--config', file]);
    expect(first.out).toContain('applied migrations: 1');
    const second = await tim(['migrate', '--config', file]);
    expect(second.out).toContain('up to date');
    await until(() => second.code === 0, 1000, 'exit');
  });
});
