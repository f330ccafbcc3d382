import type { FastifyReply, FastifyRequest } from 'fastify';
export interface AdminSecrets {
    keys: readonly string[];
    accounts: readonly {
        username: string;
        password: string;
    }[];
}
/** Constant-time string equality (see the file comment). */
export declare function safeEqual(a: string, b: string): boolean;
/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any. */
export declare function bearerOf(header: string | undefined): string | undefined;
/** onRequest hook for /api/v1/admin/*. */
export declare function bearerAuth(secrets: AdminSecrets): (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
/** onRequest hook for the legacy tim paths: username/password headers, or a Bearer key. */
export declare function legacyAuth(secrets: AdminSecrets): (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
