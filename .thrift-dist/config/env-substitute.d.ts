export declare function substituteEnv(text: string, env: NodeJS.ProcessEnv, file?: string): string;
