// `tim node-ids`: checks ids from an existing tim deployment against this server's configured node
// derivation (config nodeIds.*, src/protocol/node-id.ts), before users hit 4106 on them.
//
// Each argument is one of
//   NODE                 the check byte must match the configured mask (maskSeed / seed) and the
//                        length nodeIds.maxLength, as every addressed frame requires;
//   NODE=NAME            also: NAME (no domain) must derive to NODE with the configured salt;
//   NODE=NAME=DOMAIN     the same with a domain (exactly three parts: a name holding '=' can be
//                        checked only without a domain).
// One line per argument, then a summary. A refused node that would pass under tim's defaults says
// so: the usual cause is a maskseed / seed / salt not copied from the tim deployment.
// Exit code: 0 all pass, 1 some refused, 2 no ids or an unreadable config.
import { ConfigError, loadConfigFile, resolveConfigPath } from '../config/load-config.js';
import { DEFAULT_NODE_IDS, NodeIds } from '../protocol/node-id.js';
export async function nodeIdsCommand(opts, out) {
    let config;
    try {
        config = loadConfigFile(opts.configPath ?? resolveConfigPath([], process.env, process.cwd()));
    }
    catch (err) {
        if (err instanceof ConfigError) {
            out(err.message);
            return 2;
        }
        throw err;
    }
    const ids = opts.ids.map((x) => x.trim()).filter((x) => x !== '');
    if (ids.length === 0) {
        out('tim node-ids: give the ids to check (NODE, NODE=NAME or NODE=NAME=DOMAIN), or - to read them from stdin');
        return 2;
    }
    const nodeIds = new NodeIds(config.nodeIds);
    out(`config: ${config.file || '(built in)'}; ${describe(config)}`);
    if (config.mode === 'external')
        out('note: external mode does not check node ids; this shows whether they fit the derivation');
    let refused = 0;
    for (const arg of ids) {
        const problem = check(arg, nodeIds);
        if (problem === undefined)
            out(`ok       ${arg}`);
        else {
            refused++;
            out(`REFUSED  ${arg}: ${problem}`);
        }
    }
    out(refused === 0 ? `all ${ids.length} ids pass` : `${refused} of ${ids.length} ids refused`);
    return refused === 0 ? 0 : 1;
}
function describe(config) {
    const n = config.nodeIds;
    const salt = n.salt === DEFAULT_NODE_IDS.salt ? "tim's default salt" : 'a custom salt';
    const mask = n.seed !== undefined ? `seed ${n.seed}` : n.maskSeed !== '' ? 'a custom maskSeed' : "tim's default mask";
    return `${salt}, ${mask}, maxLength ${n.maxLength}`;
}
/** Why `arg` does not fit the derivation, or undefined when it does. */
function check(arg, ids) {
    const parts = arg.split('=');
    const node = parts[0];
    const name = parts.length === 1 ? undefined : parts.length === 3 ? parts[1] : parts.slice(1).join('=');
    const domain = parts.length === 3 ? parts[2] : undefined;
    if (node.length > ids.maxLength)
        return `longer than nodeIds.maxLength (${ids.maxLength})`;
    if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(node))
        return 'not a tim node (base58 digits)';
    if (!ids.check(node)) {
        return DEFAULT_NODE_IDS.check(node)
            ? "check byte wrong for the configured mask, right for tim's default: set nodeIds.maskSeed (or seed) to the deployment's value"
            : 'check byte wrong for the configured mask (is nodeIds.maskSeed or seed the deployment\'s value?)';
    }
    if (name !== undefined) {
        const derived = ids.user(name, domain);
        if (derived !== node) {
            const byDefault = DEFAULT_NODE_IDS.user(name, domain) === node;
            return `${name}${domain ? ` in ${domain}` : ''} derives to ${derived} with the configured salt${byDefault ? "; tim's default salt gives this node: drop nodeIds.salt" : ''}`;
        }
    }
    return undefined;
}
//# sourceMappingURL=node-ids-command.js.map