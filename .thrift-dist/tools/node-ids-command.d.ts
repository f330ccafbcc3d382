export declare function nodeIdsCommand(opts: {
    configPath?: string;
    ids: string[];
}, out: (line: string) => void): Promise<number>;
