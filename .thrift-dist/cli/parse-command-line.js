// argv (without node and the script) -> what to do. Pure: no I/O. Usage errors carry the message
// and a hint and are answered with exit code 2 by run-cli.ts.
//
// Rules: the first argument names the command; no arguments, or options only starting with
// `--config`, mean `start` (what `tim --config F` always did). Every command parses strictly
// (node:util parseArgs): an unknown option, a missing option value or a stray argument is refused.
import { parseArgs } from 'node:util';
import { commandHelp, findCommand, mainHelp, COMMANDS } from './commands.js';
export function parseCommandLine(argv, version) {
    const first = argv[0];
    if (first === '--version' || first === '-v' || first === '-V') {
        return argv.length === 1 ? { kind: 'version' } : usage(`unexpected argument "${argv[1]}" after ${first}`, "run 'tim --help'");
    }
    if (first === '--help' || first === '-h' || first === 'help') {
        const about = argv[1] === undefined ? undefined : findCommand(argv[1]);
        if (argv[1] !== undefined && about === undefined)
            return unknownCommand(argv[1]);
        return { kind: 'help', text: about ? commandHelp(about) : mainHelp(version) };
    }
    let spec;
    let rest;
    if (first === undefined || first === '--config' || first.startsWith('--config=')) {
        spec = findCommand('start');
        rest = argv;
    }
    else if (first.startsWith('-')) {
        return usage(`unknown option "${first}"`, "run 'tim --help' for the commands and options");
    }
    else {
        spec = findCommand(first);
        if (spec === undefined)
            return unknownCommand(first);
        rest = argv.slice(1);
    }
    return parseCommand(spec, rest);
}
function parseCommand(spec, args) {
    const hint = `run 'tim ${spec.name} --help' for its options`;
    let parsed;
    try {
        parsed = parseArgs({ args: [...args], options: spec.options, strict: true, allowPositionals: spec.positionals });
    }
    catch (e) {
        return usage(`${spec.name}: ${describeParseError(e, args)}`, hint);
    }
    const values = parsed.values;
    if (values.help)
        return { kind: 'help', text: commandHelp(spec) };
    if (values.config === '')
        return usage(`${spec.name}: --config needs a file path`, hint);
    if (spec.positionals && parsed.positionals.length === 0)
        return usage(`${spec.name}: give at least one id, or - to read them from stdin`, hint);
    return { kind: 'run', command: spec.name, configPath: values.config, print: values.print === true, positionals: parsed.positionals };
}
/** parseArgs's messages mention the API; ours name the argument the user typed. */
function describeParseError(e, args) {
    switch (e.code) {
        case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
            const m = /'([^']+)'/.exec(e.message);
            return `unknown option "${m?.[1] ?? '?'}"`;
        }
        case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
            const m = /'([^']+)'/.exec(e.message);
            return `unexpected argument "${m?.[1] ?? args.find((a) => !a.startsWith('-')) ?? '?'}"`;
        }
        case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
            const m = /'(-[^' ]+)/.exec(e.message);
            return `${m?.[1] ?? 'an option'} needs a value`;
        }
        default:
            return e.message;
    }
}
function unknownCommand(name) {
    const near = COMMANDS.find((c) => c.name.startsWith(name.slice(0, 2)));
    return usage(`unknown command "${name}"`, near ? `did you mean 'tim ${near.name}'? run 'tim --help' for the commands` : "run 'tim --help' for the commands");
}
function usage(message, hint) {
    return { kind: 'usage', message, hint };
}
//# sourceMappingURL=parse-command-line.js.map