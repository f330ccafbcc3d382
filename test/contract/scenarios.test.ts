// The contract suite: the same scenarios over real sockets, against a real server on port 0, on
// every target: builtin mode on SQLite, MariaDB/MySQL and PostgreSQL, and external mode with the
// worked examples of sql/examples/ on the same three (Oracle for both when TIM_TEST_ORACLE_URL is
// set). Each target is a small adapter (scenarios/*-target.ts) that knows how to make accounts,
// friends and rooms in its own tables; the scenarios (scenarios/messaging.ts, failures.ts) are
// written once. The external targets also run the example's own walk-through (example-app.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config, DbClient } from '../../src/config/types.js';
import { ALL_TEMPLATE_KEYS } from '../../src/store/sql/template-keys.js';
import { compileTemplates } from '../../src/store/sql/template-set.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { exampleConfig, exampleStatements } from '../helpers/external-app.js';
import { builtinTarget } from './scenarios/builtin-target.js';
import { exampleScenarios } from './scenarios/example-app.js';
import { externalTarget, type ExternalTarget } from './scenarios/external-target.js';
import { failureScenarios } from './scenarios/failures.js';
import { messagingScenarios } from './scenarios/messaging.js';
import type { Target } from './scenarios/target.js';

await describeEachDatabase('contract, builtin mode', (ctx) => {
  let target: Target | undefined;
  beforeAll(async () => {
    target = await builtinTarget(ctx);
  });
  afterAll(async () => target?.close());
  const t = () => target as Target;
  messagingScenarios(t);
  failureScenarios(t);
});

await describeEachDatabase('contract, external mode (sql/examples)', (ctx) => {
  let target: ExternalTarget | undefined;
  beforeAll(async () => {
    target = await externalTarget(ctx);
  });
  afterAll(async () => target?.close());
  const t = () => target as ExternalTarget;
  messagingScenarios(t);
  failureScenarios(t);
  exampleScenarios(t);
});

// Without any database (so Oracle's example is checked here too): the scripts are plain statements
// and each example config loads and compiles every key of the contract for its own client.
describe('the worked examples, as files', () => {
  const connections: Record<DbClient, string> = {
    sqlite: '/tmp/tim-example-never-opened.db',
    mysql: 'mysql://root@127.0.0.1:3306/timapp',
    postgres: 'postgres://postgres@127.0.0.1:5432/timapp',
    oracle: 'oracle://timapp:secret@127.0.0.1:1521/FREEPDB1',
  };
  it.each(Object.keys(connections) as DbClient[])('%s: statements split cleanly; tim.config.yaml compiles every key', (client) => {
    const statements = exampleStatements(client);
    expect(statements.filter((x) => /^CREATE TABLE/i.test(x))).toHaveLength(6);
    for (const x of statements) expect(x).not.toMatch(/;\s*$/);
    if (client === 'oracle') {
      // one row per INSERT ... VALUES before Oracle 23ai
      for (const x of statements.filter((y) => /^INSERT/i.test(y))) expect(x).not.toMatch(/\)\s*,\s*\(/);
    }
    const database: Config['database'] = { client, connection: connections[client], pool: { min: 0, max: 1 } };
    const config = exampleConfig(database);
    expect(config).toMatchObject({ mode: 'external', passwords: 'bcrypt', database: { client } });
    expect(compileTemplates(config).keys()).toEqual(ALL_TEMPLATE_KEYS);
  });
});
