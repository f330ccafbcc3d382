// `tim migrate`: create or update the builtin schema, one line per migration step and the version
// reached; `--print` writes its DDL for the configured database without connecting.
import { checkConnection, createKnex } from '../store/connect.js';
import { builtinSchemaSql } from '../store/migrations/builtin-migrations.js';
import { migrateBuiltin } from '../store/migrations/migrate.js';
import { describeDatabase } from './describe.js';
export async function runMigrate(config, print, out) {
    if (print) {
        out(builtinSchemaSql(config.database.client));
        return 0;
    }
    const knex = createKnex(config.database);
    try {
        out(`database: ${describeDatabase(config)}`);
        await checkConnection(knex, config.database);
        let version = 0;
        const { applied } = await migrateBuiltin(knex, {
            onStep: (step) => {
                version = step.version;
                out(`migration ${step.version} ${step.name}: ${step.applied ? 'applied' : 'already applied'}`);
            },
        });
        out(applied.length === 0 ? 'builtin schema is up to date' : `applied migrations: ${applied.join(', ')}`);
        out(`schema version: ${version}`);
        return 0;
    }
    finally {
        await knex.destroy();
    }
}
//# sourceMappingURL=migrate.js.map