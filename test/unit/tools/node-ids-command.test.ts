// A tim deployment's node derivation (config nodeIds.*): the config checks, NodeIds (older tim's
// integer seed included, node_maxlength on Permissions) and `tim node-ids` (nodeIdsCommand).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../../src/config/load-config.js';
import { Permissions } from '../../../src/core/permissions.js';
import { DEFAULT_NODE_IDS, NodeIds, checkNode, userNode } from '../../../src/protocol/node-id.js';
import { nodeIdsCommand } from '../../../src/tools/node-ids-command.js';
import { configErrorOf } from '../../helpers/config-error.js';

const CUSTOM = { salt: 'deploy-salt', maskSeed: 'deploy-mask' };

describe('config nodeIds', () => {
  it("defaults to tim's values", () => {
    const c = buildConfig({});
    expect(c.nodeIds).toEqual({ salt: DEFAULT_NODE_IDS.salt, maskSeed: '', maxLength: 64 });
  });

  it('refuses bad values with the key', () => {
    const cases: [object, string][] = [
      [{ seed: '12', maskSeed: 'x' }, 'nodeIds.seed'],
      [{ seed: 0 }, 'nodeIds.seed'],
      [{ seed: '9223372036854775808' }, 'nodeIds.seed'],
      [{ seed: 1.5 }, 'nodeIds.seed'],
      [{ maxLength: 65 }, 'nodeIds.maxLength'],
      [{ maxLength: 0 }, 'nodeIds.maxLength'],
      [{ salt: '' }, 'nodeIds.salt'],
      [{ salt: 'x'.repeat(1025) }, 'nodeIds.salt'],
    ];
    for (const [nodeIds, key] of cases) expect(configErrorOf(() => buildConfig({ nodeIds } as never)).key, JSON.stringify(nodeIds)).toBe(key);
  });

  it('takes an integer seed as a number or as quoted text', () => {
    expect(buildConfig({ nodeIds: { seed: 42 } } as never).nodeIds.seed).toBe('42');
    expect(buildConfig({ nodeIds: { seed: '9223372036854775807' } } as never).nodeIds.seed).toBe('9223372036854775807');
  });

  it('refuses a malformed hook URL and a bad timeout', () => {
    expect(configErrorOf(() => buildConfig({ hooks: { connectAuth: { url: 'ftp://x' } } } as never)).key).toBe('hooks.connectAuth.url');
    expect(configErrorOf(() => buildConfig({ hooks: { loginStatus: { url: 'http://x', timeoutMs: 10 } } } as never)).key).toBe('hooks.loginStatus.timeoutMs');
  });
});

describe('NodeIds', () => {
  it('a custom salt and mask seed: its nodes pass only under that config', () => {
    const ids = new NodeIds(CUSTOM);
    const node = ids.user('alice');
    expect(node).toBe(userNode('alice', null, CUSTOM.salt, CUSTOM.maskSeed));
    expect(node).not.toBe(userNode('alice'));
    expect(ids.check(node)).toBe(true);
    expect(ids.check(ids.random('d'))).toBe(true);
  });

  it("older tim's seed 2^60 is tim's default mask; another seed changes only the check byte", () => {
    const old = new NodeIds({ seed: String(2n ** 60n) });
    expect(old.user('bob')).toBe(userNode('bob'));
    const other = new NodeIds({ seed: '123456789' }).user('bob');
    expect(other.length).toBeGreaterThan(0);
    expect(new NodeIds({ seed: '123456789' }).check(other)).toBe(true);
    expect(checkNode(other, 64, 123456789n)).toBe(true);
  });

  it('maxLength (node_maxlength) bounds every node Permissions accepts', () => {
    const node = userNode('carol');
    const perms = (maxLength: number, builtin: boolean) => new Permissions({} as never, {} as never, builtin, new NodeIds({ maxLength }));
    expect(perms(64, true).isValidNode(node)).toBe(true);
    expect(perms(node.length - 1, true).isValidNode(node)).toBe(false);
    expect(perms(5, false).isValidNode('ext-1')).toBe(true);
    expect(perms(5, false).isValidNode('ext-12')).toBe(false);
    expect(() => perms(5, false).node('ext-12')).toThrow(expect.objectContaining({ code: 4106 }));
  });
});

describe('tim node-ids (nodeIdsCommand)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tim-node-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = (yaml: string): string => {
    const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(f, yaml);
    return f;
  };
  const run = async (configPath: string, ids: string[]) => {
    const lines: string[] = [];
    const code = await nodeIdsCommand({ configPath, ids }, (l) => lines.push(l));
    return { code, lines };
  };

  it('accepts ids of the configured derivation and refuses the default ones, saying why', async () => {
    const f = configFile(`nodeIds:\n  salt: ${CUSTOM.salt}\n  maskSeed: ${CUSTOM.maskSeed}\n`);
    const mine = userNode('alice', null, CUSTOM.salt, CUSTOM.maskSeed);
    const inDomain = userNode('bob', 'tlnet.top', CUSTOM.salt, CUSTOM.maskSeed);
    const ok = await run(f, [mine, `${mine}=alice`, `${inDomain}=bob=tlnet.top`]);
    expect(ok.code).toBe(0);
    expect(ok.lines[0]).toContain('a custom salt, a custom maskSeed');
    expect(ok.lines.slice(1)).toEqual([`ok       ${mine}`, `ok       ${mine}=alice`, `ok       ${inDomain}=bob=tlnet.top`, 'all 3 ids pass']);

    const deflt = userNode('alice');
    const bad = await run(f, [deflt, `${mine}=mallory`, '0OIl', 'x'.repeat(65)]);
    expect(bad.code).toBe(1);
    expect(bad.lines[1]).toMatch(new RegExp(`^REFUSED  ${deflt}: .*right for tim's default`)); // 255 in 256 default nodes
    expect(bad.lines[2]).toMatch(/^REFUSED .*mallory derives to \S+ with the configured salt/);
    expect(bad.lines[3]).toMatch(/not a tim node/);
    expect(bad.lines[4]).toMatch(/longer than nodeIds.maxLength \(64\)/);
    expect(bad.lines.at(-1)).toBe('4 of 4 ids refused');
  });

  it("under tim's defaults the default ids pass", async () => {
    const f = configFile('logLevel: info\n');
    const { code, lines } = await run(f, [userNode('alice'), `${userNode('bob')}=bob`]);
    expect(code).toBe(0);
    expect(lines[0]).toContain("tim's default salt, tim's default mask, maxLength 64");
  });

  it('exits 2 without ids or with a broken config', async () => {
    expect((await run(configFile('logLevel: info\n'), [' ', ''])).code).toBe(2);
    const broken = await run(configFile('nodeIds:\n  maxLength: 99\n'), ['abc']);
    expect(broken.code).toBe(2);
    expect(broken.lines[0]).toContain('nodeIds.maxLength');
  });
});
