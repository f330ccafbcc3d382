import { type Dialect } from './dialect.js';
export declare const mysqlDialect: Dialect;
