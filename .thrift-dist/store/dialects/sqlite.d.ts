import { type Dialect } from './dialect.js';
export declare const sqliteDialect: Dialect;
