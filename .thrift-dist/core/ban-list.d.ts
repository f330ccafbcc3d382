export declare class BanList {
    private readonly until;
    ban(node: string, untilMs: number): void;
    unban(node: string): boolean;
    isBanned(node: string, now: number): boolean;
    /** Current bans, expired ones dropped. */
    list(now: number): {
        node: string;
        until: number;
    }[];
}
