// `tim node-ids`: the command itself is src/tools/node-ids-command.ts.

export { nodeIdsCommand as runNodeIds } from '../tools/node-ids-command.js';
