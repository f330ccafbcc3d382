// Admin fields read through the wire codec (src/admin/wire-input.ts).
import { describe, expect, it } from 'vitest';
import { messageFrom, nodeListFrom, objectField, presenceFrom, roomBeanFrom, userBeanFrom } from '../../../src/admin/wire-input.js';
import { codeOf } from '../../helpers/protocol-error.js';

describe('nodeListFrom', () => {
  it("accepts tim's shapes: [..], {nodelist}, their JSON text, and n1,n2", () => {
    expect(nodeListFrom(['a', 'b'])).toEqual(['a', 'b']);
    expect(nodeListFrom({ ntype: 0, nodelist: ['a'] })).toEqual(['a']);
    expect(nodeListFrom('["a","b"]')).toEqual(['a', 'b']);
    expect(nodeListFrom('{"nodelist":["c"]}')).toEqual(['c']);
    expect(nodeListFrom(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
  });

  it('refuses anything else with 4104 (4113 for broken JSON text)', () => {
    expect(codeOf(() => nodeListFrom(undefined))).toBe(4104);
    expect(codeOf(() => nodeListFrom({ nodelist: 'a' }))).toBe(4104);
    expect(codeOf(() => nodeListFrom([1, 2]))).toBe(4104);
    expect(codeOf(() => nodeListFrom('[1,'))).toBe(4113);
  });
});

describe('messageFrom', () => {
  it('forces msType/odType over any spelling the caller used and decodes bytes', () => {
    const m = messageFrom({ MSTYPE: 2, odtype: 3, dataString: 'hi', dataBinary: 'AAE=', extra: { k: [1, 2] }, udtype: 5 }, 1, 1);
    expect(m).toMatchObject({ msType: 1, odType: 1, dataString: 'hi', udtype: 5 });
    expect([...m.dataBinary!]).toEqual([0, 1]);
    expect([...m.extra!.k]).toEqual([1, 2]);
  });

  it('reads a JSON string field (form bodies) and keeps ids beyond 2^53 exact enough to refuse', () => {
    expect(messageFrom('{"dataString":"form","id":9007199254740993}', 1, 1).id).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
  });

  it('refuses wrong types and ranges', () => {
    expect(codeOf(() => messageFrom({ udtype: 1 << 20 }, 1, 1))).toBe(4104);
    expect(codeOf(() => messageFrom({ dataBinary: 'no base64' }, 1, 1))).toBe(4104);
    expect(codeOf(() => messageFrom([1], 1, 1))).toBe(4104);
    expect(codeOf(() => objectField('not json', 'message'))).toBe(4113);
  });
});

describe('beans and presence', () => {
  it('decode like the wire', () => {
    expect(userBeanFrom('{"name":"tim3","gender":1}')).toEqual({ name: 'tim3', gender: 1 });
    expect(roomBeanFrom({ topic: 't', managers: ['m'], gtype: 2 })).toEqual({ topic: 't', managers: ['m'], gtype: 2 });
    expect(presenceFrom({ status: 'busy', subStatus: 2 })).toEqual({ status: 'busy', subStatus: 2 });
    expect(codeOf(() => userBeanFrom({ gender: 'x' }))).toBe(4104);
  });
});
