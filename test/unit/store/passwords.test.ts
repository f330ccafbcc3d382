import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { dummyVerify, hashPassword, setPasswordCost, verifyPassword } from '../../../src/store/passwords.js';
import { buildConfig } from '../../../src/config/load-config.js';

/** A Django-style hash computed independently of the module under test. */
function djangoPbkdf2(plain: string, salt: string, iterations: number, digest: 'sha1' | 'sha256' | 'sha512'): string {
  const keylen = { sha1: 20, sha256: 32, sha512: 64 }[digest];
  const hash = pbkdf2Sync(plain, salt, iterations, keylen, digest).toString('base64');
  return `pbkdf2_${digest}$${iterations}$${salt}$${hash}`;
}

describe('hashPassword / scrypt', () => {
  it('writes the PHC form with a fresh salt and verifies it', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('scrypt', 'correct horse', a)).toBe(true);
    expect(await verifyPassword('scrypt', 'correct horsE', a)).toBe(false);
    expect(await verifyPassword('scrypt', '', a)).toBe(false);
  });

  it('matches an independent scrypt computation (and accepts other costs and padded base64)', async () => {
    const salt = randomBytes(16);
    const hash = scryptSync('pässwörd', salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const stored = `$scrypt$ln=10,r=8,p=1$${salt.toString('base64')}$${hash.toString('base64')}`;
    expect(await verifyPassword('scrypt', 'pässwörd', stored)).toBe(true);
    expect(await verifyPassword('scrypt', 'passwörd', stored)).toBe(false);
  });

  it('takes a measurable but bounded time', async () => {
    const started = performance.now();
    await hashPassword('x');
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThan(10);
    expect(ms).toBeLessThan(2000);
  });

  it('does not block the event loop while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([hashPassword('a'), hashPassword('b')]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });
});

describe('verifyPassword', () => {
  it('bcrypt: $2a$ / $2b$ hashes from bcryptjs, and $2y$', async () => {
    const b = await bcrypt.hash('s3cret', 4);
    expect(b.startsWith('$2b$')).toBe(true);
    expect(await verifyPassword('bcrypt', 's3cret', b)).toBe(true);
    expect(await verifyPassword('bcrypt', 's3creT', b)).toBe(false);
    const a = `$2a$${b.slice(4)}`;
    expect(await verifyPassword('bcrypt', 's3cret', a)).toBe(true);
    const y = `$2y$${b.slice(4)}`;
    expect(await verifyPassword('bcrypt', 's3cret', y)).toBe(true);
    expect(await verifyPassword('bcrypt', 'nope', y)).toBe(false);
  });

  it('pbkdf2: Django pbkdf2_sha256 plus the sha1 and sha512 variants', async () => {
    const sha256 = djangoPbkdf2('hunter2', 'Q8ZdbZn4Zx0u', 1000, 'sha256');
    expect(await verifyPassword('pbkdf2', 'hunter2', sha256)).toBe(true);
    expect(await verifyPassword('pbkdf2', 'hunter3', sha256)).toBe(false);
    expect(await verifyPassword('pbkdf2', 'hunter2', djangoPbkdf2('hunter2', 'salty', 500, 'sha1'))).toBe(true);
    expect(await verifyPassword('pbkdf2', 'hunter2', djangoPbkdf2('hunter2', 'salty', 500, 'sha512'))).toBe(true);
    expect(await verifyPassword('pbkdf2', 'hunter3', djangoPbkdf2('hunter2', 'salty', 500, 'sha512'))).toBe(false);
  });

  it('plain: exact, case-sensitive, any lengths', async () => {
    expect(await verifyPassword('plain', 'abc', 'abc')).toBe(true);
    expect(await verifyPassword('plain', 'abc', 'ABC')).toBe(false);
    expect(await verifyPassword('plain', 'abc', 'abcd')).toBe(false);
    expect(await verifyPassword('plain', '', '')).toBe(true);
  });

  it('sql: always true (the template did the check)', async () => {
    expect(await verifyPassword('sql', 'anything', '')).toBe(true);
  });

  it('malformed stored values are false, never an exception', async () => {
    const scryptOk = await hashPassword('pw');
    const bcryptOk = await bcrypt.hash('pw', 4);
    const malformed: [Parameters<typeof verifyPassword>[0], string][] = [
      ['scrypt', ''],
      ['scrypt', 'garbage'],
      ['scrypt', scryptOk.replace('ln=15', 'ln=99')],
      ['scrypt', scryptOk.replace('ln=15,r=8', 'ln=20,r=64')], // beyond the memory cap
      ['scrypt', scryptOk.slice(0, -30)], // truncated below 16 hash bytes
      ['scrypt', bcryptOk],
      ['bcrypt', ''],
      ['bcrypt', bcryptOk.slice(0, 40)],
      ['bcrypt', `$2x$${bcryptOk.slice(4)}`],
      ['bcrypt', bcryptOk.replace(/^\$2b\$04/, '$2b$31')], // cost far beyond the cap
      ['bcrypt', scryptOk],
      ['pbkdf2', 'pbkdf2_sha256$abc$salt$aGFzaA=='],
      ['pbkdf2', 'pbkdf2_md5$1000$salt$aGFzaGhhc2hoYXNoaGFzaA=='],
      ['pbkdf2', 'pbkdf2_sha256$1000$salt$'],
      ['pbkdf2', 'pbkdf2_sha256$99999999$salt$aGFzaGhhc2hoYXNoaGFzaA=='],
      ['pbkdf2', bcryptOk],
    ];
    for (const [scheme, stored] of malformed) {
      await expect(verifyPassword(scheme, 'pw', stored), `${scheme}: ${stored}`).resolves.toBe(false);
    }
    // Wrong runtime types (e.g. a NULL column) are false too.
    await expect(verifyPassword('scrypt', 'pw', null as unknown as string)).resolves.toBe(false);
    await expect(verifyPassword('plain', undefined as unknown as string, 'pw')).resolves.toBe(false);
    await expect(verifyPassword('nonsense' as 'plain', 'pw', 'pw')).resolves.toBe(false);
  });
});

describe('dummyVerify', () => {
  it('answers false and takes roughly the time of a real scrypt verification', async () => {
    const stored = await hashPassword('pw');
    let started = performance.now();
    await verifyPassword('scrypt', 'pw', stored);
    const real = performance.now() - started;
    started = performance.now();
    expect(await dummyVerify('scrypt')).toBe(false);
    const dummy = performance.now() - started;
    // Same order of magnitude; generous bounds because parallel suites share the CPU.
    expect(dummy).toBeGreaterThan(real / 10);
    expect(dummy).toBeLessThan(real * 10 + 100);
  });

  it('imitates the cost of the last bcrypt / pbkdf2 hash seen', async () => {
    await verifyPassword('bcrypt', 'x', await bcrypt.hash('y', 5));
    expect(await dummyVerify('bcrypt')).toBe(false);
    await verifyPassword('pbkdf2', 'x', djangoPbkdf2('y', 'salt', 2000, 'sha256'));
    expect(await dummyVerify('pbkdf2')).toBe(false);
    expect(await dummyVerify('plain')).toBe(false);
    expect(await dummyVerify('sql')).toBe(false);
  });
});

describe('passwordCost', () => {
  it('sets the cost of new hashes; hashes made at another cost keep verifying', async () => {
    const before = await hashPassword('pw-at-15');
    expect(before).toMatch(/^\$scrypt\$ln=15,/);
    setPasswordCost(11);
    try {
      const after = await hashPassword('pw-at-11');
      expect(after).toMatch(/^\$scrypt\$ln=11,r=8,p=1\$/);
      expect(await verifyPassword('scrypt', 'pw-at-11', after)).toBe(true);
      expect(await verifyPassword('scrypt', 'pw-at-15', before)).toBe(true);
    } finally {
      setPasswordCost(15);
    }
  });

  it('is 15 by default and refused outside 10..20 with its key', () => {
    expect(buildConfig({}).passwordCost).toBe(15);
    expect(() => buildConfig({ passwordCost: 9 })).toThrow(/passwordCost/);
    expect(() => buildConfig({ passwordCost: 21 })).toThrow(/passwordCost/);
    expect(() => setPasswordCost(9)).toThrow(RangeError);
  });
});
