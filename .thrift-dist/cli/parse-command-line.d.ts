export type CommandLine = {
    kind: 'version';
} | {
    kind: 'help';
    text: string;
} | {
    kind: 'usage';
    message: string;
    hint: string;
} | {
    kind: 'run';
    command: string;
    configPath?: string;
    print: boolean;
    positionals: string[];
};
export declare function parseCommandLine(argv: readonly string[], version: string): CommandLine;
