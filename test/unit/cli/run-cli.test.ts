// The command line in process (src/cli/run-cli.ts): --version, --help, each command's --help, and
// every usage error answered with exit code 2, a message naming the argument and a hint, before
// any config is read or anything started. test/e2e/cli.test.ts runs the real process.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import { parseCommandLine } from '../../../src/cli/parse-command-line.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

async function run(args: string[], env: NodeJS.ProcessEnv = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    cwd: '/nonexistent-cwd',
    signalled: new Promise(() => undefined),
    readStdin: async () => stdin,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tim --version / --help', () => {
  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    expect(await run([flag])).toEqual({ code: 0, out: version, err: '' });
  });

  it('--help (and no-argument help forms) list every command with its summary', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`tim ${version}`);
      for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name}`);
      expect(r.out).toContain("tim <command> --help");
    }
  });

  it.each(COMMANDS.map((c) => [c.name]))('%s --help and help %s show its usage and options', async (name) => {
    for (const args of [[name, '--help'], [name, '-h'], ['help', name]]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`usage: tim ${name} `);
      expect(r.out).toContain('--config PATH');
    }
  });

  it('migrate --help names --print; node-ids --help names stdin', async () => {
    expect((await run(['migrate', '--help'])).out).toContain('--print');
    expect((await run(['node-ids', '--help'])).out).toContain('stdin');
  });
});

describe('usage errors: exit code 2, the argument named, a hint, nothing read or started', () => {
  it.each([
    [['strat'], 'unknown command "strat"', "did you mean 'tim start'"],
    [['frobnicate'], 'unknown command "frobnicate"', "tim --help"],
    [['help', 'nope'], 'unknown command "nope"', 'tim --help'],
    [['--verbose'], 'unknown option "--verbose"', 'tim --help'],
    [['--version', 'start'], 'unexpected argument "start"', 'tim --help'],
    [['start', '--port', '1'], 'start: unknown option "--port"', 'tim start --help'],
    [['start', '-x'], 'start: unknown option "-x"', 'tim start --help'],
    [['check', 'extra'], 'check: unexpected argument "extra"', 'tim check --help'],
    [['migrate', '--config'], 'migrate: --config needs a value', 'tim migrate --help'],
    [['migrate', '--config='], 'migrate: --config needs a file path', 'tim migrate --help'],
    [['migrate', '--print=yes'], 'migrate:', 'tim migrate --help'],
    [['node-ids'], 'node-ids: give at least one id', 'tim node-ids --help'],
    [['node-ids', '--bogus', 'a'], 'node-ids: unknown option "--bogus"', 'tim node-ids --help'],
  ])('%j', async (args, message, hint) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`tim: ${message}`);
    expect(r.err).toContain(hint);
  });
});

describe('parsing', () => {
  it('no arguments, or --config first, mean start (what `tim --config F` always did)', () => {
    expect(parseCommandLine([], version)).toMatchObject({ kind: 'run', command: 'start' });
    expect(parseCommandLine(['--config', 'a.yaml'], version)).toMatchObject({ kind: 'run', command: 'start', configPath: 'a.yaml' });
    expect(parseCommandLine(['--config=b.yaml'], version)).toMatchObject({ kind: 'run', command: 'start', configPath: 'b.yaml' });
  });

  it('options in any order; node-ids takes ids and a lone -', () => {
    expect(parseCommandLine(['migrate', '--config', 'c.yaml', '--print'], version)).toMatchObject({ command: 'migrate', print: true, configPath: 'c.yaml' });
    expect(parseCommandLine(['node-ids', 'a', '--config', 'c.yaml', 'b'], version)).toMatchObject({ command: 'node-ids', positionals: ['a', 'b'] });
    expect(parseCommandLine(['node-ids', '-'], version)).toMatchObject({ command: 'node-ids', positionals: ['-'] });
  });

  it('node-ids passes its ids, or the non-empty lines of stdin for -, to the node-ids command', async () => {
    const shipped = join(ROOT, 'tim.config.yaml');
    const args = await run(['node-ids', '--config', shipped, 'a1', 'b2']);
    expect(args.out).toMatch(/a1[\s\S]*b2[\s\S]*of 2 ids|all 2 ids/);
    const piped = await run(['node-ids', '--config', shipped, '-'], {}, 'x1\r\n\n  y2 \nz3\n');
    expect(piped.out).toContain('x1');
    expect(piped.out).toContain('y2');
    expect(piped.out).toMatch(/(of|all) 3 ids/);
  });

  it('a missing config file is a config error (exit 1 by main.ts), not a usage error', async () => {
    await expect(run(['check', '--config', '/nonexistent/tim.yaml'])).rejects.toThrow(/config file not found/);
  });
});
