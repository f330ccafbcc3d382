// AdminService over a real TimCore and an in-memory Store double (no database, no sockets): the
// rules that do not depend on SQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService } from '../../../src/admin/admin-service.js';
import { classify } from '../../../src/admin/http-errors.js';
import { buildConfig } from '../../../src/config/load-config.js';
import { silentLogger, systemClock } from '../../../src/core/ports.js';
import { TimCore } from '../../../src/core/tim-core.js';
import { MemoryTokenStore } from '../../../src/core/tokens.js';
import type { OfflineRecord, Store } from '../../../src/store/store.js';

/** Users a, b exist; room r has members a, b; login a/pw-a. */
function memoryStore(offline: OfflineRecord[]): Store {
  const users = new Set(['a', 'b']);
  return {
    login: async (name, pwd) => (name === 'a' && pwd === 'pw-a' ? { ok: true, node: 'a' } : { ok: false, reason: 'password' }),
    tokenCredentials: async (name, pwd) => (name === 'a' && pwd === 'pw-a' ? { ok: true, node: 'a' } : { ok: false, reason: 'password' }),
    userExists: async (n) => users.has(n),
    roomExists: async (r) => r === 'r',
    userAuth: async () => false,
    roomAuth: async () => false,
    saveMessage: async () => undefined,
    saveMessageThen: (_m, _p, done) => done.resolve(),
    getMessages: async () => [],
    messageAuthor: async () => null,
    deleteMessage: async () => undefined,
    saveOffline: async (rec) => void offline.push(rec),
    getOffline: async () => [],
    deleteOffline: async () => undefined,
    durableDelivery: false,
    ackDelivered: async () => undefined,
    roster: async () => [],
    roomRoster: async () => ['a', 'b'],
    userRooms: async () => [],
    hasRosterMutations: () => false,
    rosterAdd: async () => undefined,
    rosterRemove: async () => undefined,
    rosterBlock: async () => undefined,
    ping: async () => undefined,
    close: async () => undefined,
  };
}

let core: TimCore;
let svc: AdminService;
let offline: OfflineRecord[];

beforeEach(() => {
  offline = [];
  const config = buildConfig({ mode: 'external', limits: { ackTimeoutSeconds: 0.05 } });
  core = new TimCore({
    limits: config.limits,
    mode: 'external',
    disabledApis: [],
    store: memoryStore(offline),
    tokens: new MemoryTokenStore(60_000),
    logger: silentLogger,
    clock: systemClock,
    instanceHash: 0,
  });
  svc = new AdminService(core, { maxRecipients: 3 });
});
afterEach(() => core.close());

const statusOf = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'ok';
  } catch (err) {
    const c = classify(err);
    return `${c.status} ${c.code}`;
  }
};

describe('system messages without sessions', () => {
  it('store each recipient offline with msType 1, one id and timestamp, no mid; unknown nodes reported', async () => {
    const send = await svc.systemMessage({ to: ['a', 'zz'], room: 'r', message: { msType: 1, odType: 1, dataString: 'hi' } });
    expect(await send.done).toEqual([
      { node: 'a', status: 'stored_offline' },
      { node: 'zz', status: 'unknown_node' },
      { node: 'b', status: 'stored_offline' },
    ]);
    expect(offline.map((o) => [o.node, o.id, o.mid])).toEqual([
      ['a', send.id, 0],
      ['b', send.id, 0],
    ]);
    const stanza = JSON.parse(offline[0].stanza);
    expect(stanza).toMatchObject({ msType: 1, odType: 1, id: send.id, toTid: { node: 'a' }, roomTid: { node: 'r' }, dataString: 'hi' });
    expect(offline[0].stanza).toContain(`"timestamp":${send.timestamp}`);
    expect(Object.keys(stanza)).toEqual(['msType', 'odType', 'id', 'toTid', 'roomTid', 'dataString', 'timestamp']);
  });

  it('refuse bad requests before sending anything', async () => {
    expect(await statusOf(svc.systemMessage({ to: ['a', 'b', 'zz', 'yy'], message: { msType: 1, odType: 1 } }))).toBe('400 4104');
    expect(await statusOf(svc.systemMessage({ to: ['zz'], message: { msType: 1, odType: 1 } }))).toBe('404 4106');
    expect(await statusOf(svc.systemMessage({ to: [''], message: { msType: 1, odType: 1 } }))).toBe('404 4106');
    expect(await statusOf(svc.systemMessage({ to: ['a'], room: 'nope', message: { msType: 1, odType: 1 } }))).toBe('404 4109');
    expect(await statusOf(svc.systemMessage({ to: ['a'], message: { msType: 1, odType: 1, id: 2 ** 53 } }))).toBe('400 4104');
    expect(offline).toHaveLength(0);
  });
});

describe('external mode', () => {
  it('has no accounts, rooms or profiles to manage (501 4107)', async () => {
    expect(await statusOf(svc.register('x', 'y'))).toBe('501 4107');
    expect(await statusOf(svc.setPassword('a', 'y'))).toBe('501 4107');
    expect(await statusOf(svc.createRoom({ founder: 'a' }))).toBe('501 4107');
    expect(await statusOf(svc.modifyUser('a', { name: 'n' }))).toBe('501 4107');
  });

  it('still issues tokens and reads room members through the templates', async () => {
    const t = await svc.issueToken({ name: 'a', password: 'pw-a' });
    expect(t.node).toBe('a');
    expect(await core.tokens.consume(t.token)).toEqual({ node: 'a', name: 'a' });
    expect(await statusOf(svc.issueToken({ name: 'a', password: 'wrong' }))).toBe('401 4102');
    expect(await svc.roomMembers('r')).toEqual(['a', 'b']);
    expect(await statusOf(svc.roomMembers('q'))).toBe('404 4109');
  });
});

describe('bans', () => {
  it('validate seconds, list, and lift', async () => {
    expect(await statusOf(svc.block('a', 0))).toBe('400 4104');
    expect(await statusOf(svc.block('a', 1.5))).toBe('400 4104');
    expect(await statusOf(svc.block('zz', 10))).toBe('404 4106');
    const { until, connectionsClosed } = await svc.block('a', 10);
    expect(connectionsClosed).toBe(0);
    expect(svc.blocks()).toEqual([{ node: 'a', until }]);
    expect(svc.unblock('a')).toBe(true);
    expect(svc.unblock('a')).toBe(false);
    expect(svc.blocks()).toEqual([]);
  });
});

it('connections and presence queries see no sessions', async () => {
  expect(await svc.connections({})).toEqual({ items: [], total: 0 });
  expect(await svc.presenceQuery(['a'])).toEqual({ a: { online: false, devices: 0, termtypes: [], servers: [] } });
  expect(await svc.detect(['a', 'b'])).toEqual({ pinged: 0 });
});
