import type { Config } from '../config/types.js';
import { BanList } from '../core/ban-list.js';
import type { Logger } from '../core/ports.js';
import { type TokenStore } from '../core/tokens.js';
import { Cluster } from './cluster.js';
export interface ClusterSetup {
    cluster: Cluster;
    tokens: TokenStore;
    bans: BanList;
    /** the core's IdGenerator node number: distinct per live node, so mids never collide */
    idNode: number;
}
export declare function createCluster(config: Pick<Config, 'cluster' | 'limits'>, log: Logger): Promise<ClusterSetup>;
