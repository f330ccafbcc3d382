import type { PasswordScheme } from '../config/types.js';
export declare function hashPassword(plain: string): Promise<string>;
/**
 * Checks `plain` against `stored` as `scheme` says:
 *  - scrypt: the PHC form above (any ln/r/p within the caps);
 *  - bcrypt: $2a$, $2b$ and $2y$ (PHP's name for $2b$);
 *  - pbkdf2: Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, also pbkdf2_sha1 / pbkdf2_sha512;
 *  - plain: the stored value is the password itself;
 *  - sql: always true, because the `login` template compared the password itself.
 */
export declare function verifyPassword(scheme: PasswordScheme, plain: string, stored: string): Promise<boolean>;
/** Takes about as long as verifyPassword(scheme, ...) on a real hash, and answers false. */
export declare function dummyVerify(scheme: PasswordScheme): Promise<false>;
