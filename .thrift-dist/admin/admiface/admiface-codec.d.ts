import type { TProtocol } from 'thrift';
import type { FieldType, StructDef } from './admiface-idl.js';
export type Value = unknown;
export type Struct = Record<string, Value>;
export declare function wireType(t: FieldType): number;
export declare function readStruct(p: TProtocol, def: StructDef): Struct;
export declare function writeStruct(p: TProtocol, def: StructDef, v: Struct): void;
