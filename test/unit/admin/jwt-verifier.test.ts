// JWT logins (src/core/jwt-verifier.ts): signature, algorithm, expiry, issuer, audience, node claim.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../../src/core/jwt-verifier.js';

const SECRET = 's'.repeat(32);
const key = new TextEncoder().encode(SECRET);
const dir = mkdtempSync(path.join(os.tmpdir(), 'tim-jwt-unit-'));
const pem = (name: string, k: { export(o: object): string | Buffer }) => {
  const file = path.join(dir, name);
  writeFileSync(file, k.export({ type: 'spki', format: 'pem' }));
  return file;
};

describe('createJwtVerifier with a secret', () => {
  const reasons: string[] = [];
  const verify = createJwtVerifier(
    { secret: SECRET, algorithms: [], issuer: 'iss', audience: 'aud', nodeClaim: 'sub' },
    { onReject: (r) => reasons.push(r), exists: (n) => n !== 'gone' },
  );
  const sign = (claims: Record<string, unknown>, alg = 'HS256') => new SignJWT(claims).setProtectedHeader({ alg }).sign(key);

  it('returns the node of a valid token', async () => {
    expect(await verify(await sign({ sub: 'node1', iss: 'iss', aud: 'aud', exp: Math.floor(Date.now() / 1000) + 30 }))).toBe('node1');
  });

  it('returns null, never throws, for anything invalid, and says why', async () => {
    const exp = Math.floor(Date.now() / 1000) + 30;
    const bad = [
      await sign({ sub: 'n', iss: 'iss', aud: 'aud' }),
      await sign({ sub: 'n', iss: 'other', aud: 'aud', exp }),
      await sign({ sub: 'n', iss: 'iss', aud: 'x', exp }),
      await sign({ sub: 'n', iss: 'iss', aud: 'aud', exp }, 'HS512'),
      await sign({ sub: 'x'.repeat(65), iss: 'iss', aud: 'aud', exp }),
      await sign({ sub: '', iss: 'iss', aud: 'aud', exp }),
      await sign({ sub: 'gone', iss: 'iss', aud: 'aud', exp }),
      'UHuS8PoK2LX',
      '',
      'a.b.c',
    ];
    reasons.length = 0;
    for (const t of bad) expect(await verify(t), t).toBeNull();
    expect(reasons.length).toBeGreaterThanOrEqual(6);
    expect(reasons.join('\n')).toMatch(/exp/);
  });
});

describe('createJwtVerifier with a public key file', () => {
  it('picks the algorithm from the key type (RS256 for RSA, ES384 for P-384)', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const verifyRsa = createJwtVerifier({ publicKeyFile: pem('rsa.pem', rsa.publicKey), algorithms: [], nodeClaim: 'uid' });
    const t = await new SignJWT({ uid: 'n-rsa' }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('1m').sign(rsa.privateKey);
    expect(await verifyRsa(t)).toBe('n-rsa');
    const ps = await new SignJWT({ uid: 'n-rsa' }).setProtectedHeader({ alg: 'PS256' }).setExpirationTime('1m').sign(rsa.privateKey);
    expect(await verifyRsa(ps)).toBeNull();

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const verifyEc = createJwtVerifier({ publicKeyFile: pem('ec.pem', ec.publicKey), algorithms: [], nodeClaim: 'sub' });
    const e = await new SignJWT({ sub: 'n-ec' }).setProtectedHeader({ alg: 'ES384' }).setExpirationTime('1m').sign(ec.privateKey);
    expect(await verifyEc(e)).toBe('n-ec');
  });

  it('fails at start-up for a missing or non-key file', () => {
    expect(() => createJwtVerifier({ publicKeyFile: path.join(dir, 'none.pem'), algorithms: [], nodeClaim: 'sub' })).toThrow(/cannot read/);
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key');
    expect(() => createJwtVerifier({ publicKeyFile: junk, algorithms: [], nodeClaim: 'sub' })).toThrow(/not a PEM public key/);
  });
});
