// The admin issue's config keys: admin.maxRecipients and auth.jwt (secret or public key file,
// algorithms that fit the key, issuer, audience, nodeClaim), validated like the rest.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig, ConfigError, parseConfigText } from '../../../src/config/load-config.js';
import { schemaDocs } from '../../../src/config/schema.js';

const SECRET = 'x'.repeat(32);

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('admin.maxRecipients', () => {
  it('defaults to 10000 and must be a positive integer', () => {
    expect(buildConfig({}).admin.maxRecipients).toBe(10_000);
    expect(buildConfig({ admin: { maxRecipients: 5 } }).admin.maxRecipients).toBe(5);
    expect(errorOf(() => buildConfig({ admin: { maxRecipients: 0 } })).key).toBe('admin.maxRecipients');
    expect(errorOf(() => buildConfig({ admin: { maxRecipients: 2.5 } })).message).toMatch(/positive integer/);
  });
});

describe('auth.jwt', () => {
  it('is absent by default', () => {
    expect(buildConfig({}).auth.jwt).toBeUndefined();
  });

  it('takes an HS secret with defaults for algorithms (empty: from the key) and nodeClaim (sub)', () => {
    const jwt = buildConfig({ auth: { jwt: { secret: SECRET, issuer: 'https://app', audience: 'tim' } } }).auth.jwt;
    expect(jwt).toEqual({ secret: SECRET, algorithms: [], issuer: 'https://app', audience: 'tim', nodeClaim: 'sub' });
  });

  it('resolves publicKeyFile next to the config file', () => {
    const jwt = buildConfig({ auth: { jwt: { publicKeyFile: 'keys/pub.pem', algorithms: ['ES256'], nodeClaim: 'uid' } } }, { baseDir: '/etc/tim' }).auth.jwt;
    expect(jwt).toEqual({ publicKeyFile: path.resolve('/etc/tim/keys/pub.pem'), algorithms: ['ES256'], nodeClaim: 'uid' });
  });

  it('needs exactly one of secret and publicKeyFile', () => {
    expect(errorOf(() => buildConfig({ auth: { jwt: {} } })).message).toBe('auth.jwt.secret: auth.jwt needs exactly one of secret and publicKeyFile');
    expect(errorOf(() => buildConfig({ auth: { jwt: { secret: SECRET, publicKeyFile: 'k.pem' } } })).key).toBe('auth.jwt.secret');
  });

  it('refuses a short secret, and algorithms that do not fit the key (algorithm confusion)', () => {
    expect(errorOf(() => buildConfig({ auth: { jwt: { secret: 'short' } } })).message).toMatch(/at least 32 characters/);
    const rs = errorOf(() => buildConfig({ auth: { jwt: { secret: SECRET, algorithms: ['HS256', 'RS256'] } } }));
    expect([rs.key, rs.reason]).toEqual(['auth.jwt.algorithms[1]', 'a secret verifies only HS* algorithms']);
    const hs = errorOf(() => buildConfig({ auth: { jwt: { publicKeyFile: 'k.pem', algorithms: ['HS512'] } } }));
    expect([hs.key, hs.reason]).toEqual(['auth.jwt.algorithms[0]', 'a public key cannot verify HS* algorithms']);
    expect(errorOf(() => buildConfig({ auth: { jwt: { secret: SECRET, algorithms: ['none'] as never } } })).message).toMatch(/one of HS256/);
  });

  it('reports YAML positions and unknown keys', () => {
    const err = errorOf(() => parseConfigText(`auth:\n  jwt:\n    secret: "${SECRET}"\n    audiance: tim\n`, 'tim.config.yaml', {}));
    expect([err.key, err.line, err.col]).toEqual(['auth.jwt.audiance', 4, 5]);
    expect(err.reason).toMatch(/did you mean audience\?/);
  });

  it('documents every key in one line', () => {
    const paths = schemaDocs().map((d) => d.path);
    for (const p of ['admin.maxRecipients', 'auth.jwt', 'auth.jwt.secret', 'auth.jwt.publicKeyFile', 'auth.jwt.algorithms', 'auth.jwt.issuer', 'auth.jwt.audience', 'auth.jwt.nodeClaim']) {
      expect(paths).toContain(p);
    }
  });
});
