import { type Dialect } from './dialect.js';
type TypeParser = (value: string) => unknown;
export declare function parseInt8(text: string): number | string;
export declare const pgTypes: {
    getTypeParser(oid: number, format?: 'text' | 'binary'): TypeParser;
};
export declare const postgresDialect: Dialect;
export {};
