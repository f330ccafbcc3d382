// `tim <command>`: parse (parse-command-line.ts), then run one command. Everything the process
// provides comes in through `CliIo`, so tests can drive it; main.ts is the only caller touching
// the real process. Exit codes: 0 ok, 1 the command failed, 2 a usage error (with a hint).

import path from 'node:path';
import { loadConfigFile, resolveConfigPath } from '../config/load-config.js';
import { runCheck } from '../tools/check.js';
import { runMigrate } from '../tools/migrate.js';
import { runNodeIds } from './node-ids.js';
import { parseCommandLine } from './parse-command-line.js';
import { runStart } from './start-command.js';
import { packageVersion } from './version.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** resolves with the name of the first SIGINT/SIGTERM (start waits for it) */
  signalled: Promise<string>;
  /** the whole of stdin (node-ids `-`) */
  readStdin(): Promise<string>;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const version = packageVersion();
  const line = parseCommandLine(argv, version);
  switch (line.kind) {
    case 'version':
      io.out(version);
      return 0;
    case 'help':
      io.out(line.text);
      return 0;
    case 'usage':
      io.err(`tim: ${line.message}`);
      io.err(line.hint);
      return 2;
  }
  const config = () => loadConfigFile(resolveConfigPath(line.configPath === undefined ? [] : ['--config', line.configPath], io.env, io.cwd), io.env);
  switch (line.command) {
    case 'start':
      return runStart(config(), io.signalled, io.err);
    case 'check':
      return runCheck(config(), io.out);
    case 'migrate':
      return runMigrate(config(), line.print, io.out);
    case 'node-ids': {
      const ids = line.positionals.length === 1 && line.positionals[0] === '-' ? splitLines(await io.readStdin()) : line.positionals;
      const configPath = line.configPath === undefined ? undefined : path.resolve(io.cwd, line.configPath);
      return runNodeIds({ configPath, ids }, io.out);
    }
    default:
      io.err(`tim: command "${line.command}" has no runner`);
      return 1;
  }
}

function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
