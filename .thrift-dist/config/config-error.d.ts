export interface ConfigErrorWhere {
    /** the config file as the caller named it; '' for buildConfig */
    file: string;
    /** key path like `limits.pullMax`, `admin.accounts[0].username`, `sql.user.auth`; '' when not about a key */
    key: string;
    /** 1-based; 0 when unknown (plain objects have no positions) */
    line: number;
    col: number;
}
export declare class ConfigError extends Error {
    readonly file: string;
    readonly key: string;
    readonly line: number;
    readonly col: number;
    /** the bare reason, without file, position and key */
    readonly reason: string;
    constructor(reason: string, where: ConfigErrorWhere);
}
