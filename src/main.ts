// The `tim` command's process entry: hands argv, stdout/stderr, the environment, signals and stdin
// to runCli (src/cli/run-cli.ts) and turns its result into the exit code. The only module that
// touches the process.

import { runCli } from './cli/run-cli.js';
import { ConfigError } from './config/config-error.js';
import { StoreError, TemplateError } from './store/errors.js';

// Signals are caught from the first moment, so a Ctrl-C during start-up also ends cleanly.
const signalled = new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});

const out = (line: string) => void process.stdout.write(line + '\n');
const err = (line: string) => void process.stderr.write(line + '\n');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runCli(process.argv.slice(2), { out, err, env: process.env, cwd: process.cwd(), signalled, readStdin }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Config, template and connection errors carry a complete one-line message; anything else is a bug.
    const known = e instanceof ConfigError || e instanceof TemplateError || e instanceof StoreError;
    err(known ? `tim: ${(e as Error).message}` : `tim: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(1);
  },
);
