export { nodeIdsCommand as runNodeIds } from '../tools/node-ids-command.js';
