import type { Knex } from 'knex';
import type { Accounts } from '../core/tim-core.js';
import type { HashGate } from '../store/hash-gate.js';
import type { NodeIds } from '../protocol/node-id.js';
export declare function createAccounts(knex: Knex, gate?: HashGate, nodeIds?: NodeIds): Accounts;
