// The Peers of a node that runs alone (the default when TimCore gets none): nobody elsewhere, so
// every call returns at once and the core's single-node path stays synchronous. The cluster layer's
// in-process variant (Cluster.single, src/cluster/cluster.ts) answers the same.

import { randomNode } from '../protocol/node-id.js';
import type { OfflineRecord } from '../store/store.js';
import { NO_REMOTE, type LocalNode, type PeerInfo, type Peers, type PeersHealth, type RemoteAttempt, type VroomPeers } from './peers.js';

const NO_VROOM_PEERS: VroomPeers = Object.freeze({
  created: () => Promise.resolve(),
  removed: () => undefined,
  subscribed: () => Promise.resolve(),
  pushed: () => undefined,
  forwardPush: () => null,
});

export class SingleNode implements Peers {
  readonly distributed = false;
  readonly vrooms = NO_VROOM_PEERS;

  constructor(readonly nodeId: string = randomNode()) {}

  attach(_node: LocalNode): void {}

  admit(_user: string, _sid: number, _termtyp: number, _now: number, localRule: () => void): undefined {
    localRule();
    return undefined;
  }

  release(_user: string, _sid: number): null {
    return null;
  }

  forwardFrame(_user: string, _frame: Buffer): void {}

  forwardKick(_user: string, _notify: boolean): void {}

  forgetElsewhere(_nodes: readonly string[]): Promise<void> {
    return Promise.resolve();
  }

  deliverRemote(_user: string, _type: number, _body: Buffer, _offline: OfflineRecord | null, _durable?: boolean): RemoteAttempt {
    return NO_REMOTE;
  }

  health(): PeersHealth {
    return { mode: 'single', nodeId: this.nodeId, up: true, synced: true };
  }

  peers(): Promise<PeerInfo[]> {
    return Promise.resolve([]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
