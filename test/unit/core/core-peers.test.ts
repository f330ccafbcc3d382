// TimCore and its ports: the core reaches other nodes only through the Peers port (core/peers.ts),
// runs alone on SingleNode by default, and refuses a second handler for one extension frame type.

import { afterEach, expect, it } from 'vitest';
import { buildConfig } from '../../../src/config/load-config.js';
import type { LocalNode, Peers } from '../../../src/core/peers.js';
import { silentLogger, systemClock } from '../../../src/core/ports.js';
import { SingleNode } from '../../../src/core/single-node.js';
import { TimCore } from '../../../src/core/tim-core.js';
import { MemoryTokenStore } from '../../../src/core/tokens.js';
import type { Store } from '../../../src/store/store.js';

const cores: TimCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

function newCore(peers?: Peers): TimCore {
  const config = buildConfig({ mode: 'external' });
  const core = new TimCore({
    limits: config.limits,
    mode: 'external',
    disabledApis: [],
    store: {} as unknown as Store,
    tokens: new MemoryTokenStore(60_000),
    logger: silentLogger,
    clock: systemClock,
    instanceHash: 0,
    ...(peers !== undefined ? { peers } : {}),
  });
  cores.push(core);
  return core;
}

/** A SingleNode that records what the core asks of the other nodes. */
class RecordingPeers extends SingleNode {
  readonly calls: string[] = [];
  node: LocalNode | undefined;
  override attach(node: LocalNode): void {
    this.node = node;
    this.calls.push('attach');
  }
  override forwardFrame(user: string): void {
    this.calls.push(`frame ${user}`);
  }
  override forwardKick(user: string, notify: boolean): void {
    this.calls.push(`kick ${user} ${notify}`);
  }
  override forgetElsewhere(nodes: readonly string[]): Promise<void> {
    this.calls.push(`forget ${nodes.join(',')}`);
    return Promise.resolve();
  }
  override close(): Promise<void> {
    this.calls.push('close');
    return Promise.resolve();
  }
}

it('runs alone on SingleNode when given no peers', () => {
  const core = newCore();
  expect(core.peers).toBeInstanceOf(SingleNode);
  expect(core.peers.distributed).toBe(false);
  expect(core.peers.health()).toMatchObject({ mode: 'single', up: true, synced: true });
  expect(core.mayBeOnline('nobody')).toBe(false);
});

it('reaches other nodes through the Peers port and hands them a LocalNode view of itself', async () => {
  const peers = new RecordingPeers();
  const core = newCore(peers);
  expect(peers.calls).toEqual(['attach']);
  expect(peers.node?.registry).toBe(core.registry);
  expect(typeof peers.node?.drainOffline).toBe('function');
  expect(core.sendToNode('u1', Buffer.from([1]))).toBe(0);
  expect(core.kick('u2', true)).toBe(0);
  await core.forget('r1');
  await core.close();
  expect(peers.calls).toEqual(['attach', 'frame u1', 'kick u2 true', 'forget r1', 'close']);
});

it('refuses a second handler for one extension frame type and keeps the first', () => {
  const core = newCore();
  const first = () => undefined;
  core.registerExtension(200, first);
  expect(() => core.registerExtension(200, () => undefined)).toThrow(/frame type 200 already has an extension handler/);
  expect(core.extensions.get(200)).toBe(first);
});
