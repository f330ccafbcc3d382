import { type DatabaseConfig, type Dialect } from './dialect.js';
/** oracle://user:password@host:port/service -> oracledb's { user, password, connectString }. */
export declare function oracleConnection(connection: DatabaseConfig['connection']): Record<string, unknown>;
export declare const oracleDialect: Dialect;
