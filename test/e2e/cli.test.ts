// The `tim` command (issues 2, 16): start logs where it listens and stops cleanly on SIGINT with exit
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

/** The JSON log lines of a run's stdout (other lines skipped). */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const shipped = readFileSync(join(ROOT, 'tim.config.yaml'), 'utf8');
/** The shipped config with its `sql: {}` line replaced by `sql` text. */
const withSql = (sql: string) => shipped.replace(/^sql: \{\}.*$/m, sql);

describe('tim command', () => {
  it('start logs where it listens, the database and the mode as JSON lines, and SIGINT shuts down with exit code 0', async () => {
    const file = configFile(shipped.replace('0.0.0.0:20003', '127.0.0.1:0').replace('127.0.0.1:20004', '127.0.0.1:0'));
    const r = await tim(['start', '--config', file], { stopWhen: (o) => o.includes('"msg":"database"') });
    const lines = jsonLines(r.out);
    const listening = lines.find((l) => l.msg === 'tim listening');
    expect(listening?.client).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/tim$/);
    expect(listening?.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tim2$/);
    expect(listening?.admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const db = lines.find((l) => l.msg === 'database');
    expect(db?.database).toMatch(/^sqlite .*tim\.db$/);
    expect(db?.mode).toBe('builtin');
    expect(lines.find((l) => l.msg === 'shutting down')?.signal).toBe('SIGINT');
    expect(lines.some((l) => l.msg === 'tim stopped')).toBe(true);
    expect(lines.find((l) => String(l.msg).startsWith('admin API: no key'))?.level).toBe(40);
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

  it('migrate prints each step and the version reached, then reports the schema up to date', async () => {
    const file = configFile('database:\n  client: sqlite\n  connection: ./m.db\n');
    const first = await tim(['migrate', '--config', file]);
    expect(first.out).toMatch(/^migration 1 \S+: applied$/m);
    expect(first.out).toContain('applied migrations: 1');
    const version = /^schema version: (\d+)$/m.exec(first.out)?.[1];
    expect(Number(version)).toBeGreaterThanOrEqual(1);
    expect(first.out).toMatch(new RegExp(`^migration ${version} \\S+: applied$`, 'm'));
    const second = await tim(['migrate', '--config', file]);
    expect(second.out).toMatch(/^migration 1 \S+: already applied$/m);
    expect(second.out).toContain('up to date');
    expect(second.out).toContain(`schema version: ${version}`);
    await until(() => second.code === 0, 1000, 'exit');
  });
});

describe('tim command line (the process; the parsing itself: test/unit/cli/run-cli.test.ts)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

  it('--version prints the package version and starts nothing', async () => {
    const r = await tim(['--version']);
    expect(r.out.trim()).toBe(pkg.version);
    expect(r.code).toBe(0);
  });

  it('an unknown flag exits with code 2 and a hint on stderr, starting nothing', async () => {
    const r = await tim(['--port', '1']);
    expect(r.err).toContain('unknown option "--port"');
    expect(r.err).toContain("tim --help");
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });
});
