// Bench fixtures written straight into the builtin tables, as test/helpers/tim-server.ts does:
// users b0..b(n-1), friendships between 2p and 2p+1, one room. createUser would hash each password
// with the production scrypt cost (~80 ms each); the bench users instead share ONE hash computed
// here with a low cost (ln=4), which verifyPassword accepts like any other scrypt hash. Logins then
// measure the server, not scrypt. (With the production cost a password or TOKEN request costs
// ~80-90 ms of thread-pool time, about 45 per second on this machine's 4 libuv threads.)

import { randomBytes, scryptSync } from 'node:crypto';
import type { Knex } from 'knex';
import { randomNode } from '../../src/protocol/node-id.js';
import { BENCH_PASSWORD, timNode, userName } from '../lib/users.js';

export interface SeedSpec {
  users: number;
  pairs: number;
  roomMembers: number;
}

function cheapScrypt(pwd: string): string {
  const salt = randomBytes(16);
  const ln = 4;
  const hash = scryptSync(pwd, salt, 32, { N: 2 ** ln, r: 8, p: 1 });
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${ln},r=8,p=1$${b64(salt)}$${b64(hash)}`;
}

export async function seed(knex: Knex, spec: SeedSpec): Promise<{ room: string }> {
  const now = Date.now();
  const hash = cheapScrypt(BENCH_PASSWORD);
  const users = Array.from({ length: spec.users }, (_, i) => ({
    node: timNode(i),
    name: userName(i),
    domain: null,
    password_hash: hash,
    profile: null,
    created_at: now,
  }));
  await knex.batchInsert('tim_user', users, 100);
  const relations = [];
  for (let p = 0; p < spec.pairs; p++) {
    const [a, b] = [timNode(2 * p), timNode(2 * p + 1)];
    relations.push({ owner: a, peer: b, wants: 1, blocks: 0, updated_at: now });
    relations.push({ owner: b, peer: a, wants: 1, blocks: 0, updated_at: now });
  }
  await knex.batchInsert('tim_relation', relations, 100);
  const room = randomNode();
  await knex('tim_room').insert({ node: room, founder: timNode(0), gtype: 2, status: 1, profile: null, created_at: now });
  const members = Array.from({ length: spec.roomMembers }, (_, i) => ({
    room,
    node: timNode(i),
    state: 2,
    role: i === 0 ? 2 : 0,
    created_at: now,
  }));
  await knex.batchInsert('tim_room_member', members, 100);
  return { room };
}
