export interface CliIo {
    out(line: string): void;
    err(line: string): void;
    env: NodeJS.ProcessEnv;
    cwd: string;
    /** resolves with the name of the first SIGINT/SIGTERM (start waits for it) */
    signalled: Promise<string>;
    /** the whole of stdin (node-ids `-`) */
    readStdin(): Promise<string>;
}
export declare function runCli(argv: readonly string[], io: CliIo): Promise<number>;
