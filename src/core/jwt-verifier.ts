// JWT logins (auth.jwt): a client sends a JWT that the deployer's backend signed, in TimAuth.token;
// the AUTH handler asks this verifier when the token is not a one-time token (handlers/auth.ts).
//
// Contract of the returned JwtVerifier: resolves with the node to log in as, or null for anything
// that is not a valid token (bad signature, wrong algorithm, expired, not yet valid, wrong issuer
// or audience, missing or malformed node claim). It never rejects, so a forged token is 4115, never
// an internal error. Rules, beyond the signature:
//  - `exp` is required: a login token that never expires could never be withdrawn;
//  - only the configured algorithms are accepted; a secret verifies only HS*, a public key never
//    HS* (the config refuses the mix), so an RS256 key cannot be abused as an HMAC secret;
//  - the node claim must be a non-empty string of at most 64 characters (a node's maximum), and
//    the account must exist when an `exists` check is given (user.exist; always true without it);
//  - a JWT is NOT one-time: it logs in as often as it is presented until it expires. Issue short
//    lifetimes (a minute), or use the admin API's one-time tokens.

import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jwtVerify, type JWTVerifyOptions } from 'jose';
import type { JwtConfig } from '../config/types.js';
import type { JwtVerifier } from './core-context.js';
import { NODE_MAX } from './permissions.js';

/** A JWS compact token: three base64url parts. Anything else is not even tried. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface JwtVerifierOptions {
  /** hears why a token was refused (debug logging) */
  onReject?(reason: string): void;
  /** whether the node names an account (the core's cached user.exist) */
  exists?(node: string): boolean | Promise<boolean>;
}

/**
 * Builds the verifier; throws (at start-up) when the key file cannot be read or parsed, or no
 * default algorithm fits its type.
 */
export function createJwtVerifier(cfg: JwtConfig, opts: JwtVerifierOptions = {}): JwtVerifier {
  const onReject = opts.onReject;
  const key = cfg.secret !== undefined ? new TextEncoder().encode(cfg.secret) : readPublicKey(cfg.publicKeyFile!);
  const algorithms = cfg.algorithms.length > 0 ? cfg.algorithms : [defaultAlgorithm(key)];
  const options: JWTVerifyOptions = { algorithms, requiredClaims: ['exp'] };
  if (cfg.issuer !== undefined) options.issuer = cfg.issuer;
  if (cfg.audience !== undefined) options.audience = cfg.audience;

  return async (token) => {
    if (!COMPACT_JWS.test(token)) return null;
    try {
      const { payload } = await jwtVerify(token, key, options);
      const node = payload[cfg.nodeClaim];
      if (typeof node !== 'string' || node.length === 0 || node.length > NODE_MAX) {
        onReject?.(`claim ${cfg.nodeClaim} is not a node`);
        return null;
      }
      if (opts.exists !== undefined && !(await opts.exists(node))) {
        onReject?.(`claim ${cfg.nodeClaim} names no account`);
        return null;
      }
      return node;
    } catch (err) {
      onReject?.((err as Error).message);
      return null;
    }
  };
}

function readPublicKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`auth.jwt.publicKeyFile: cannot read ${file} (${(err as Error).message})`, { cause: err });
  }
  try {
    return createPublicKey(pem);
  } catch (err) {
    throw new Error(`auth.jwt.publicKeyFile: ${file} is not a PEM public key (${(err as Error).message})`, { cause: err });
  }
}

/** The usual algorithm for a key, when auth.jwt.algorithms is empty. */
function defaultAlgorithm(key: Uint8Array | KeyObject): string {
  if (key instanceof Uint8Array) return 'HS256';
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'rsa-pss':
      return 'PS256';
    case 'ed25519':
      return 'EdDSA';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const alg = curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : undefined;
      if (alg !== undefined) return alg;
      throw new Error(`auth.jwt.publicKeyFile: unsupported EC curve ${String(curve)}`);
    }
    default:
      throw new Error(`auth.jwt.publicKeyFile: unsupported key type ${String(key.asymmetricKeyType)}; set auth.jwt.algorithms`);
  }
}
