// Password hashing for builtin accounts and verification of the hash that `login` returns.
//
// Contracts:
//  - hashPassword writes `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (ln is config `passwordCost`) (PHC string format, standard base64
//    without padding; 16-byte salt, 32-byte hash). ln=15, r=8 (32 MiB, N = 2^15) costs about 90 ms
//    on a current server core, within the 30-100 ms that keeps logins cheap for users and guessing
//    expensive. Raise ln here to strengthen new hashes; old ones keep verifying with their own cost.
//  - Hashing runs in libuv's thread pool (crypto.scrypt / crypto.pbkdf2) and bcryptjs yields between
//    rounds, so no verification blocks the event loop. The pool has 4 threads by default
//    (UV_THREADPOOL_SIZE), which bounds concurrent scrypt/pbkdf2 work; further logins queue.
//  - verifyPassword never throws and never logs: a malformed stored value, an unknown scheme or a
//    cost beyond the caps below is simply `false`. Every comparison is constant-time.
//  - dummyVerify spends about as long as verifying a real hash of the same scheme, so that an unknown
//    user cannot be told from a wrong password by the time the answer takes.

import { createHash, randomBytes, scrypt as scryptCb, pbkdf2 as pbkdf2Cb, timingSafeEqual } from 'node:crypto';
import type { BinaryLike, ScryptOptions } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PasswordScheme } from '../config/types.js';

interface ScryptParams {
  ln: number;
  r: number;
  p: number;
  keylen: number;
}

interface Pbkdf2Params {
  digest: 'sha1' | 'sha256' | 'sha512';
  iterations: number;
  keylen: number;
}

const SCRYPT_DEFAULT: ScryptParams = { ln: 15, r: 8, p: 1, keylen: 32 };
const SALT_BYTES = 16;

// Caps on what a stored hash may ask for, so that a corrupted or hostile row cannot pin a CPU or
// allocate gigabytes: scrypt memory (128 * r * N) up to 256 MiB, bcrypt cost up to 16 (bcryptjs
// takes seconds beyond that), PBKDF2 up to 10 million iterations.
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;
const BCRYPT_MAX_COST = 16;
const PBKDF2_MAX_ITERATIONS = 10_000_000;

// What dummyVerify imitates: the parameters of the most recent well-formed hash of each scheme seen
// by verifyPassword in this process (a deployer's bcrypt cost or Django iteration count), else these.
const lastSeen: { scrypt: ScryptParams; bcrypt: number; pbkdf2: Pbkdf2Params } = {
  scrypt: SCRYPT_DEFAULT,
  bcrypt: 10,
  pbkdf2: { digest: 'sha256', iterations: 600_000, keylen: 32 },
};

// The cost of new hashes: config `passwordCost`, set once at start by buildApp (a process-wide
// setting: one server per process in production; a test process may lower it to save CPU).
let newHashParams: ScryptParams = SCRYPT_DEFAULT;

/** Sets scrypt's ln (log2 N, 10..20) for hashes made from now on; dummyVerify follows it until a real hash is seen. */
export function setPasswordCost(ln: number): void {
  if (!Number.isInteger(ln) || ln < 10 || ln > 20) throw new RangeError(`scrypt cost ln must be an integer 10..20, not ${ln}`);
  newHashParams = { ...SCRYPT_DEFAULT, ln };
  lastSeen.scrypt = newHashParams;
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptHash(plain, salt, newHashParams);
  const { ln, r, p } = newHashParams;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Checks `plain` against `stored` as `scheme` says:
 *  - scrypt: the PHC form above (any ln/r/p within the caps);
 *  - bcrypt: $2a$, $2b$ and $2y$ (PHP's name for $2b$);
 *  - pbkdf2: Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, also pbkdf2_sha1 / pbkdf2_sha512;
 *  - plain: the stored value is the password itself;
 *  - sql: always true, because the `login` template compared the password itself.
 */
export async function verifyPassword(scheme: PasswordScheme, plain: string, stored: string): Promise<boolean> {
  try {
    if (scheme === 'sql') return true;
    if (typeof plain !== 'string' || typeof stored !== 'string') return false;
    switch (scheme) {
      case 'scrypt':
        return await verifyScrypt(plain, stored);
      case 'bcrypt':
        return await verifyBcrypt(plain, stored);
      case 'pbkdf2':
        return await verifyPbkdf2(plain, stored);
      case 'plain':
        return equalDigests(plain, stored);
      default:
        return false;
    }
  } catch {
    // Malformed input that slipped past the parsers (e.g. a driver error inside the KDF): deny.
    return false;
  }
}

/** Takes about as long as verifyPassword(scheme, ...) on a real hash, and answers false. */
export async function dummyVerify(scheme: PasswordScheme): Promise<false> {
  const plain = randomBytes(12).toString('base64');
  try {
    switch (scheme) {
      case 'scrypt':
        await scryptHash(plain, randomBytes(SALT_BYTES), lastSeen.scrypt);
        break;
      case 'bcrypt':
        await bcrypt.hash(plain, await bcrypt.genSalt(lastSeen.bcrypt));
        break;
      case 'pbkdf2': {
        const { digest, iterations, keylen } = lastSeen.pbkdf2;
        await pbkdf2(plain, randomBytes(SALT_BYTES), iterations, keylen, digest);
        break;
      }
      case 'plain':
        equalDigests(plain, plain);
        break;
      default:
        break;
    }
  } catch {
    // Only the time spent matters; the answer is false whatever happened.
  }
  return false;
}

// ---- scrypt ---------------------------------------------------------------------------------

const SCRYPT_RE = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

async function verifyScrypt(plain: string, stored: string): Promise<boolean> {
  const m = SCRYPT_RE.exec(stored);
  if (!m) return false;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4], 'base64');
  const expected = Buffer.from(m[5], 'base64');
  if (ln < 1 || ln > 24 || r < 1 || p < 1 || p > 16 || 128 * r * 2 ** ln > SCRYPT_MAX_MEMORY) return false;
  if (salt.length === 0 || expected.length < 16 || expected.length > 64) return false;
  const params = { ln, r, p, keylen: expected.length };
  lastSeen.scrypt = params;
  return safeEqual(await scryptHash(plain, salt, params), expected);
}

function scryptHash(plain: BinaryLike, salt: BinaryLike, { ln, r, p, keylen }: ScryptParams): Promise<Buffer> {
  const N = 2 ** ln;
  // OpenSSL needs 128 * r * (N + p + 2) bytes; Node's default cap (32 MiB) is just below ln=15, r=8.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + p + 2) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(plain, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// ---- bcrypt ---------------------------------------------------------------------------------

const BCRYPT_RE = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

async function verifyBcrypt(plain: string, stored: string): Promise<boolean> {
  const m = BCRYPT_RE.exec(stored);
  if (!m) return false;
  const cost = Number(m[1]);
  if (cost < 4 || cost > BCRYPT_MAX_COST) return false;
  lastSeen.bcrypt = cost;
  // $2y$ is PHP's spelling of the corrected algorithm that $2b$ names; the computation is identical.
  const normalized = stored.startsWith('$2y$') ? `$2b$${stored.slice(4)}` : stored;
  // bcryptjs compares the recomputed hash with its own constant-time string comparison.
  return bcrypt.compare(plain, normalized);
}

// ---- pbkdf2 (Django) ------------------------------------------------------------------------

const PBKDF2_RE = /^pbkdf2_(sha1|sha256|sha512)\$(\d{1,8})\$([^$]+)\$([A-Za-z0-9+/]+={0,2})$/;

async function verifyPbkdf2(plain: string, stored: string): Promise<boolean> {
  const m = PBKDF2_RE.exec(stored);
  if (!m) return false;
  const digest = m[1] as Pbkdf2Params['digest'];
  const iterations = Number(m[2]);
  const expected = Buffer.from(m[4], 'base64');
  if (iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS || expected.length < 16 || expected.length > 128) return false;
  lastSeen.pbkdf2 = { digest, iterations, keylen: expected.length };
  // Django feeds the salt to PBKDF2 as its UTF-8 text, not decoded.
  return safeEqual(await pbkdf2(plain, m[3], iterations, expected.length, digest), expected);
}

function pbkdf2(plain: BinaryLike, salt: BinaryLike, iterations: number, keylen: number, digest: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2Cb(plain, salt, iterations, keylen, digest, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// ---- helpers --------------------------------------------------------------------------------

/** Constant-time for equal lengths; lengths are not secret here (they come from the stored format). */
function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares two strings of any lengths in constant time by comparing their SHA-256 digests. */
function equalDigests(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}
