// The login throttle (core/login-throttle.ts) driven by an injected clock: per-account and
// per-address locks, the window, the lockout's end, in-flight checks counted against the limit,
// what a success clears, trusted (account, address) pairs, 0 = off, and the key normalization.

import { describe, expect, it } from 'vitest';
import { accountKey, addressKey, LoginThrottle, type LoginAttempt, type LoginThrottleLimits } from '../../../src/core/login-throttle.js';

const LIMITS: LoginThrottleLimits = { loginFailuresPerAccount: 5, loginFailuresPerIp: 20, loginFailureWindowSeconds: 60, loginLockoutSeconds: 60 };

function setup(limits: Partial<LoginThrottleLimits> = {}) {
  const clock = { t: 1_000_000 };
  const throttle = new LoginThrottle({ ...LIMITS, ...limits }, () => clock.t);
  /** One attempt settled at once: the attempt's outcome, or the refusal. */
  const tryOnce = (name: string, ip: string, outcome: 'fail' | 'ok' = 'fail'): string => {
    const a = throttle.begin(name, null, ip);
    if (typeof a === 'string') return a;
    if (outcome === 'ok') a.succeeded();
    else a.failed();
    return outcome;
  };
  return { clock, throttle, tryOnce };
}

const admitted = (a: LoginAttempt | string): a is LoginAttempt => typeof a !== 'string';

describe('LoginThrottle', () => {
  it('locks an account after loginFailuresPerAccount failures, for loginLockoutSeconds, then starts afresh', () => {
    const { clock, throttle, tryOnce } = setup();
    for (let i = 0; i < 5; i++) expect(tryOnce('alice', `10.0.0.${i}`)).toBe('fail');
    expect(tryOnce('alice', '10.0.1.1', 'ok')).toBe('account'); // even the right password, from a new address
    expect(throttle.accountLocked('alice', null)).toBe(true);
    expect(tryOnce('bob', '10.0.1.1', 'ok')).toBe('ok'); // other accounts are not touched
    clock.t += 59_999;
    expect(tryOnce('alice', '10.0.1.1')).toBe('account');
    clock.t += 1; // the refused attempts did not extend the lock
    expect(throttle.accountLocked('alice', null)).toBe(false);
    for (let i = 0; i < 4; i++) expect(tryOnce('alice', '10.0.2.1')).toBe('fail');
    expect(tryOnce('alice', '10.0.2.1')).toBe('fail');
    expect(tryOnce('alice', '10.0.2.1')).toBe('account'); // a full new budget, no more
    expect(throttle.counts).toEqual({ refused: 3, locked: 2 });
  });

  it('counts failures within the window only', () => {
    const { clock, tryOnce } = setup();
    for (let i = 0; i < 4; i++) expect(tryOnce('carol', '10.0.0.1')).toBe('fail');
    clock.t += 60_000; // the window since the first failure is over
    for (let i = 0; i < 4; i++) expect(tryOnce('carol', '10.0.0.1')).toBe('fail');
    expect(tryOnce('carol', '10.0.0.1')).toBe('fail');
    expect(tryOnce('carol', '10.0.0.1')).toBe('account');
  });

  it('counts checks in flight: concurrent guesses get no more tries than sequential ones', () => {
    const { throttle } = setup();
    const inFlight = Array.from({ length: 8 }, (_, i) => throttle.begin('dave', null, `10.0.0.${i}`));
    expect(inFlight.filter(admitted)).toHaveLength(5);
    expect(inFlight.slice(5)).toEqual(['account', 'account', 'account']);
    // an abandoned check (database error) gives its slot back without counting
    (inFlight[0] as LoginAttempt).abandoned();
    (inFlight[0] as LoginAttempt).failed(); // settling twice does nothing
    const again = throttle.begin('dave', null, '10.0.0.9');
    expect(admitted(again)).toBe(true);
    for (const a of [...inFlight.slice(1, 5), again]) (a as LoginAttempt).failed();
    expect(throttle.accountLocked('dave', null)).toBe(true);
  });

  it('checks in flight from one address do not count against its limit (a NAT logging many users in)', () => {
    const { throttle } = setup({ loginFailuresPerIp: 3 });
    const many = Array.from({ length: 50 }, (_, i) => throttle.begin(`user${i}`, null, '10.9.9.9'));
    expect(many.every(admitted)).toBe(true);
    for (const a of many.slice(0, 3)) (a as LoginAttempt).failed();
    expect(throttle.begin('user99', null, '10.9.9.9')).toBe('ip');
    for (const a of many.slice(3)) (a as LoginAttempt).succeeded();
  });

  it('a success clears the account\'s failures but never the address\'s', () => {
    const { tryOnce } = setup({ loginFailuresPerIp: 6 });
    for (let i = 0; i < 4; i++) expect(tryOnce('erin', '10.0.0.1')).toBe('fail');
    expect(tryOnce('erin', '10.0.0.2', 'ok')).toBe('ok');
    for (let i = 0; i < 4; i++) expect(tryOnce('erin', '10.0.0.3')).toBe('fail'); // 4 more: not locked
    // the attacker's address: 4 failures + one login to an account of its own does not reset it
    expect(tryOnce('mallory', '10.0.0.1', 'ok')).toBe('ok');
    expect(tryOnce('frank', '10.0.0.1')).toBe('fail');
    expect(tryOnce('grace', '10.0.0.1')).toBe('fail');
    expect(tryOnce('oscar', '10.0.0.1', 'ok')).toBe('ip'); // 6 failures: every account, from there,
    expect(tryOnce('mallory', '10.0.0.1', 'ok')).toBe('ok'); // but a pair that logged in (it gets its own account only)
    expect(tryOnce('oscar', '10.0.0.4', 'ok')).toBe('ok');
  });

  it('locks an address spraying many accounts after loginFailuresPerIp failures', () => {
    const { clock, tryOnce } = setup();
    for (let i = 0; i < 20; i++) expect(tryOnce(`user${i}`, '192.0.2.7')).toBe('fail');
    expect(tryOnce('someone', '192.0.2.7', 'ok')).toBe('ip');
    expect(tryOnce('someone', '192.0.2.8', 'ok')).toBe('ok');
    clock.t += 60_000;
    expect(tryOnce('someone', '192.0.2.7', 'ok')).toBe('ok');
  });

  it('a pair that logged in before ignores the account and address locks, and has its own budget', () => {
    const { tryOnce } = setup();
    expect(tryOnce('heidi', '198.51.100.1', 'ok')).toBe('ok'); // heidi's usual address
    for (let i = 0; i < 5; i++) expect(tryOnce('heidi', '203.0.113.9')).toBe('fail'); // an attacker elsewhere
    expect(tryOnce('heidi', '203.0.113.10', 'ok')).toBe('account');
    expect(tryOnce('heidi', '198.51.100.1', 'ok')).toBe('ok'); // heidi is not locked out
    // someone behind heidi's address (shared NAT) gets the pair's budget, then the pair is locked
    for (let i = 0; i < 5; i++) expect(tryOnce('heidi', '198.51.100.1')).toBe('fail');
    expect(tryOnce('heidi', '198.51.100.1', 'ok')).toBe('pair');
  });

  it('0 turns a limit off; both 0 turn the throttle off', () => {
    const noAccount = setup({ loginFailuresPerAccount: 0, loginFailuresPerIp: 3 });
    for (let i = 0; i < 3; i++) expect(noAccount.tryOnce('ivan', `10.0.0.${i}`)).toBe('fail');
    expect(noAccount.tryOnce('ivan', '10.0.0.9')).toBe('fail');
    const off = setup({ loginFailuresPerAccount: 0, loginFailuresPerIp: 0 });
    expect(off.throttle.enabled).toBe(false);
    for (let i = 0; i < 100; i++) expect(off.tryOnce('judy', '10.0.0.1')).toBe('fail');
    expect(off.throttle.tracked).toBe(0);
  });

  it('forgets keys whose window and lock are over', () => {
    const { clock, throttle, tryOnce } = setup({ loginFailuresPerIp: 0 });
    for (let i = 0; i < 1000; i++) tryOnce(`name${i}`, '10.0.0.1');
    expect(throttle.tracked).toBe(1000);
    clock.t += 60_000;
    tryOnce('last', '10.0.0.1');
    expect(throttle.tracked).toBe(1);
  });
});

describe('keys', () => {
  it('folds case, compatibility forms and trailing spaces of name and domain', () => {
    expect(accountKey('Alice ', 'Example.COM')).toBe(accountKey('alice', 'example.com'));
    expect(accountKey('ａｌｉｃｅ', null)).toBe(accountKey('alice', undefined));
    expect(accountKey('alice', 'a')).not.toBe(accountKey('alice', null));
    expect(accountKey('a', 'b')).not.toBe(accountKey('b', 'a'));
  });

  it('an IPv6 address counts as its /64; an IPv4-mapped one as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('')).toBe('');
  });
});
