import type { ParseArgsConfig } from 'node:util';
export interface CommandSpec {
    readonly name: string;
    readonly summary: string;
    /** the usage line after `tim <name>` */
    readonly args: string;
    readonly options: NonNullable<ParseArgsConfig['options']>;
    /** help lines for the options and positionals, in order */
    readonly optionHelp: readonly (readonly [string, string])[];
    readonly positionals: boolean;
}
export declare const COMMANDS: readonly CommandSpec[];
export declare function findCommand(name: string): CommandSpec | undefined;
export declare function mainHelp(version: string): string;
export declare function commandHelp(c: CommandSpec): string;
