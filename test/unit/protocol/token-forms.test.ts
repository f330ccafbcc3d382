// One-time tokens in both of tim's forms: the text newer tim answers (n2) and the JSON number older
// tim answered (t) and webtim sends back in AUTH (src/core/tokens.ts newToken, TimAuth.token intText).

import { expect, it } from 'vitest';
import { newToken } from '../../../src/core/tokens.js';
import { decodeAuth } from '../../../src/protocol/json-codec.js';

const auth = (json: string) => decodeAuth(Buffer.from(json));

it('newToken: 16 decimal digits of a safe integer, the same text after a round trip through a number', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const t = newToken();
    expect(t).toMatch(/^[4-9]\d{15}$/);
    expect(Number.isSafeInteger(Number(t))).toBe(true);
    expect(String(Number(t))).toBe(t);
    seen.add(t);
  }
  expect(seen.size).toBe(2000);
});

it('TimAuth.token takes a string, or a non-negative integer as its decimal text', () => {
  expect(auth('{"token":"4503599627370497"}').token).toBe('4503599627370497');
  expect(auth('{"token":4503599627370497}').token).toBe('4503599627370497');
  expect(auth('{"token":0}').token).toBe('0');
  expect(auth('{"token":9223372036854775807}').token).toBe('9223372036854775807'); // int64, exact
  for (const bad of ['{"token":-1}', '{"token":1.5}', '{"token":true}', '{"token":{}}', '{"token":9223372036854775808}']) {
    expect(() => auth(bad), bad).toThrow(expect.objectContaining({ code: 4104 }));
  }
});

it('other string fields still refuse numbers', () => {
  expect(() => auth('{"name":12}')).toThrow(expect.objectContaining({ code: 4104 }));
});
