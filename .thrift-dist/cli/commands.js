// The `tim` subcommands as data: name, one-line summary, usage, options (node:util parseArgs
// shapes) and whether positionals are taken. parse-command-line.ts reads this table for parsing
// and for every help text, so a command and its help cannot disagree.
const CONFIG_HELP = ['--config PATH', 'the config file (default: $TIM_CONFIG, else ./tim.config.yaml)'];
const HELP_HELP = ['-h, --help', 'show this help'];
const configOption = { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } };
export const COMMANDS = [
    {
        name: 'start',
        summary: 'run the server (the default when no command is given)',
        args: '[--config PATH]',
        options: configOption,
        optionHelp: [CONFIG_HELP, HELP_HELP],
        positionals: false,
    },
    {
        name: 'check',
        summary: 'connect, compile and dry-run every SQL template, one line per key',
        args: '[--config PATH]',
        options: configOption,
        optionHelp: [CONFIG_HELP, HELP_HELP],
        positionals: false,
    },
    {
        name: 'migrate',
        summary: 'create or update the builtin schema, one line per step',
        args: '[--print] [--config PATH]',
        options: { ...configOption, print: { type: 'boolean' } },
        optionHelp: [['--print', "write the builtin schema's DDL for the configured database; connects to nothing"], CONFIG_HELP, HELP_HELP],
        positionals: false,
    },
    {
        name: 'node-ids',
        summary: "check node ids from a tim deployment against this server's node-id settings",
        args: '[--config PATH] <id...|->',
        options: configOption,
        optionHelp: [['<id...>', 'NODE, NODE=NAME or NODE=NAME=DOMAIN; `-` reads them from stdin, one per line'], CONFIG_HELP, HELP_HELP],
        positionals: true,
    },
];
export function findCommand(name) {
    return COMMANDS.find((c) => c.name === name);
}
export function mainHelp(version) {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    return [
        `tim ${version}: a tim-compatible instant-messaging server`,
        '',
        'usage: tim <command> [options]',
        '       tim --help | --version',
        '',
        'commands:',
        ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
        '',
        "run 'tim <command> --help' for a command's options",
    ].join('\n');
}
export function commandHelp(c) {
    const width = Math.max(...c.optionHelp.map(([k]) => k.length));
    return [`usage: tim ${c.name} ${c.args}`, '', c.summary, '', ...c.optionHelp.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
//# sourceMappingURL=commands.js.map