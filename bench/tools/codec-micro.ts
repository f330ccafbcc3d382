// `node --import tsx bench/tools/codec-micro.ts [srcRoot] [--only=name,...] [--iters=N]`: ns per
// operation of the synchronous per-message work of a 1:1 stream message (what handlers/message.ts
// `userMessage` does besides socket writes): decode the JSON body, check the recipient node,
// look the permission answers up in the auth cache, build and encode the outgoing frame, mint ids.
//
// `srcRoot` (default: this checkout's src/) lets the same harness time another copy of src/, e.g.
// a snapshot taken before a change, for a before/after comparison in one sitting. Each case runs
// ROUNDS bounded loops and reports the minimum and the median ns/op; on a shared, noisy machine
// the minimum is the more stable figure. It is a pure CPU loop: no sockets, no database.
//
// `--exact=N` runs each selected case 20,000 times (warm-up) and then exactly N times, silently,
// for an instruction counter, which noise does not disturb. Instructions per op of a case:
//   for n in 20000 60000; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//     node --import tsx bench/tools/codec-micro.ts --only=decodeMessage --exact=$n 2>&1 | grep refs; done
// then (refs at 60000 - refs at 20000) / 40000.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const rootArg = args.find((a) => !a.startsWith('--'));
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const ITERS = Number(args.find((a) => a.startsWith('--iters='))?.slice(8) ?? 200_000);
const EXACT = args.find((a) => a.startsWith('--exact='))?.slice(8);
const ROUNDS = 9;

const root = path.resolve(rootArg ?? path.join(import.meta.dirname, '../../src'));
const mod = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(root, rel)).href)) as T;

type Codec = typeof import('../../src/protocol/json-codec.js');
type Frames = typeof import('../../src/protocol/frame-codec.js');
type NodeIds = typeof import('../../src/protocol/node-id.js');
type Cache = typeof import('../../src/core/auth-cache.js');
type Perms = typeof import('../../src/core/permissions.js');
type Ids = typeof import('../../src/core/ids.js');

const codec = await mod<Codec>('protocol/json-codec.ts');
const frames = await mod<Frames>('protocol/frame-codec.ts');
const nodeId = await mod<NodeIds>('protocol/node-id.ts');
const cacheMod = await mod<Cache>('core/auth-cache.ts');
const permsMod = await mod<Perms>('core/permissions.ts');
const idsMod = await mod<Ids>('core/ids.ts');

// The bench's 1:1 stream frame body (bench/load/bench-client.ts directFrame, odType 5).
const BODY = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. '.padEnd(100, '0123456789');
const FROM = nodeId.userNode('bench-user-1');
const TO = nodeId.userNode('bench-user-2');
const body = Buffer.from(JSON.stringify({ msType: 2, odType: 5, toTid: { node: TO }, dataString: BODY }));
const MESSAGE = 90;

const cache = new cacheMod.AuthCache(300_000, 5_000);
const store = { userExists: async () => true, userAuth: async () => true } as never;
const perms = new permsMod.Permissions(store, cache, true);
// Warm the cache as a conversation in progress has it.
await perms.userExists(TO);
await perms.userAuth(FROM, TO);
const ids = new idsMod.IdGenerator(1);
const fromTid = { node: FROM, resource: 'bench', termtyp: 1 };

/** The outgoing TimMessage as handlers/message.ts `outgoing` builds it for a stream message. */
function outgoing(msg: { msType: number; odType: number; dataString?: string; toTid?: { node: string } }, id: number) {
  return {
    msType: msg.msType,
    odType: msg.odType,
    id,
    fromTid,
    toTid: { ...msg.toTid! },
    dataString: msg.dataString,
    timestamp: 1718000000123456789n + BigInt(id & 0xffff),
  };
}

const encodeMessageFrame = (codec as { encodeJsonFrame?: (t: number, v: object) => Buffer }).encodeJsonFrame;
const decoded = codec.decodeMessage(body);
// Each message has its own id (ids.next() values are above 2^45), as on the server: V8 caches the
// text of recently converted numbers, so a constant id would flatter number formatting.
let nextId = 123456789012345;
const fresh = () => outgoing(decoded, nextId++);

let sink: unknown;
const cases: Record<string, () => void> = {
  decodeMessage: () => {
    sink = codec.decodeMessage(body);
  },
  encodeJson: () => {
    sink = codec.encodeJson(fresh());
  },
  'encodeFrame(encodeJson)': () => {
    sink = frames.encodeFrame(MESSAGE, codec.encodeJson(fresh()));
  },
  ...(encodeMessageFrame
    ? {
        encodeJsonFrame: () => {
          sink = encodeMessageFrame(MESSAGE, fresh());
        },
      }
    : {}),
  checkNode: () => {
    sink = nodeId.checkNode(TO, 64);
  },
  'perms.node': () => {
    sink = perms.node(TO);
  },
  'cache userExists+userAuth': () => {
    sink = perms.userExists(TO);
    sink = perms.userAuth(FROM, TO);
  },
  'ids.next': () => {
    sink = ids.next();
  },
  'sync path (decode, node, cache, encode frame)': () => {
    const m = codec.decodeMessage(body);
    const to = perms.node(m.toTid!.node);
    if (perms.userExists(to) !== true || perms.userAuth(FROM, to) !== true) throw new Error('cache miss');
    const o = outgoing(m, ids.next());
    sink = encodeMessageFrame ? encodeMessageFrame(MESSAGE, o) : frames.encodeFrame(MESSAGE, codec.encodeJson(o));
  },
};

// The awaited permission checks of userMessage, on cached answers (async: one loop of awaits).
const asyncCases: Record<string, () => Promise<void>> = {
  'await mustExist+mustUserAuth': async () => {
    await perms.mustExist(TO);
    await perms.mustUserAuth(FROM, TO);
  },
};

async function timeAsync(fn: () => Promise<void>, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

function time(fn: () => void, n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

if (EXACT !== undefined) {
  const selected = (name: string) => !only || only.some((o) => name.startsWith(o));
  for (const [name, fn] of Object.entries(cases)) {
    if (!selected(name)) continue;
    for (let i = 0; i < 20_000; i++) fn();
    for (let i = Number(EXACT); i > 0; i--) fn();
  }
  for (const [name, fn] of Object.entries(asyncCases)) {
    if (!selected(name)) continue;
    for (let i = 0; i < 20_000; i++) await fn();
    for (let i = Number(EXACT); i > 0; i--) await fn();
  }
  process.exit(0);
}

console.log(`src: ${root}  (${ITERS} iterations x ${ROUNDS} rounds, ns/op)`);
for (const [name, fn] of Object.entries(cases)) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  time(fn, Math.min(ITERS, 50_000)); // warm up and let the JIT settle
  const runs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(time(fn, ITERS));
  runs.sort((a, b) => a - b);
  console.log(`${name.padEnd(48)} min ${runs[0].toFixed(1).padStart(7)}  median ${runs[ROUNDS >> 1].toFixed(1).padStart(7)}`);
}
for (const [name, fn] of Object.entries(asyncCases)) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  await timeAsync(fn, Math.min(ITERS, 50_000));
  const runs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(await timeAsync(fn, ITERS));
  runs.sort((a, b) => a - b);
  console.log(`${name.padEnd(48)} min ${runs[0].toFixed(1).padStart(7)}  median ${runs[ROUNDS >> 1].toFixed(1).padStart(7)}`);
}
if (sink === Symbol.for('never')) console.log(sink);
