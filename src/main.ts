// The command line: `tim start | check | migrate [--print] [--config PATH]`. The only module that
// touches the process: argv, stdout/stderr, signals and the exit code.

import { resolveConfigPath, loadConfigFile } from './config/load-config.js';
import type { Config } from './config/types.js';
import { buildApp } from './app.js';
import { runCheck } from './tools/check.js';
import { runMigrate } from './tools/migrate.js';
import { describeDatabase } from './tools/describe.js';

const USAGE = `usage: tim [start|check|migrate] [--config PATH]
  start            run the server (default)
  check            connect, compile and dry-run every SQL template, one line per key
  migrate          create or update the builtin schema; --print shows its DDL instead
  --config PATH    the config file (default: $TIM_CONFIG or ./tim.config.yaml)`;

async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const command = args.find((a) => !a.startsWith('-') && args[args.indexOf(a) - 1] !== '--config') ?? 'start';
  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const configPath = resolveConfigPath(args, process.env, process.cwd());
  switch (command) {
    case 'start':
      return start(loadConfigFile(configPath, process.env));
    case 'check':
      return runCheck(loadConfigFile(configPath, process.env), out);
    case 'migrate':
      return runMigrate(loadConfigFile(configPath, process.env), args.includes('--print'), out);
    default:
      err(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

async function start(config: Config): Promise<number> {
  // Signals are caught from the first moment, so a Ctrl-C during start-up also ends cleanly.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const app = await buildApp(config);
  const { client, admin } = await app.listen();
  const scheme = config.tls ? 'wss' : 'ws';
  out(`tim listening: client ${scheme}://${fmt(client.address, client.port)}/tim (and POST /tim2), admin http://${fmt(admin.address, admin.port)}`);
  out(`database: ${describeDatabase(config)}, ${config.mode} mode`);
  if (config.admin.keys.length === 0 && config.admin.accounts.length === 0) {
    out('admin API: no key configured, every admin call is refused; set TIM_ADMIN_KEY (admin.keys) to enable it');
  }
  const signal = await signalled;
  out(`${signal}: shutting down`);
  try {
    await app.close();
    return 0;
  } catch (e) {
    err(`shutdown failed: ${(e as Error).message}`);
    return 1;
  }
}

function fmt(address: string, port: number) {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function out(line: string) {
  process.stdout.write(line + '\n');
}

function err(line: string) {
  process.stderr.write(line + '\n');
}

main(process.argv).then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Config, template and connection errors carry a complete one-line message; anything else is a bug.
    const known = e instanceof Error && ['ConfigError', 'TemplateError', 'StoreError'].includes(e.name);
    err(known ? `tim: ${(e as Error).message}` : `tim: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(1);
  },
);
