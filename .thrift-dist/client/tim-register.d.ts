/**
 * Registers `name` with password `pwd` at `httpBase` (the client listener, e.g.
 * "http://127.0.0.1:20003"; a trailing slash is fine) and resolves with the new account's node.
 * Rejects with TimClientError: the ack's code (4101 name taken, 4104 empty or unstorable name or
 * password, 4107 not served in this mode, 5104 server busy), or 1103 when the server could not be
 * reached or answered something other than an ack (e.g. HTTP 429 past limits.httpRatePerMinute,
 * whose message is kept).
 */
export declare function registerAccount(httpBase: string, name: string, pwd: string, domain?: string): Promise<string>;
