import { describe, expect, it } from 'vitest';
import { mergeRoomProfile, mergeUserProfile, parseProfile, roomBean, userBean } from '../../../src/business/profile-json.js';

describe('stored profiles', () => {
  it('merges only the set, allowed fields, replacing maps whole', () => {
    const first = mergeUserProfile(null, { nickName: 'A', extend: { a: '1', b: '2' }, extra: { k: Buffer.from([1, 2]) } });
    const second = mergeUserProfile(first, { area: 'Here', extend: { c: '3' }, createtime: 5n });
    expect(JSON.parse(second)).toEqual({ nickName: 'A', extend: { c: '3' }, extra: { k: 'AQI=' }, area: 'Here' });
  });

  it('builds a user bean with the account name by default and the time in nanoseconds', () => {
    expect(userBean({ name: 'ann', profile: null, createdAt: 1_700_000_000_123 })).toEqual({
      name: 'ann',
      createtime: 1_700_000_000_123_000_000n,
    });
    const bean = userBean({ name: 'ann', profile: '{"name":"Ann","extra":{"k":"AQI="},"gender":1}', createdAt: 1 });
    expect(bean).toEqual({ name: 'Ann', gender: 1, extra: { k: Buffer.from([1, 2]) }, createtime: 1_000_000n });
  });

  it('drops stored fields of the wrong type and unreadable text', () => {
    expect(parseProfile('not json')).toEqual({});
    expect(parseProfile('[1]')).toEqual({});
    const bean = userBean({ name: 'n', profile: '{"gender":"x","photoTidAlbum":[1],"extend":{"a":2},"cover":"c","other":1}', createdAt: 0 });
    expect(bean).toEqual({ name: 'n', cover: 'c', createtime: 0n });
  });

  it('keeps a room\'s founder, managers and gtype out of its stored profile', () => {
    const stored = mergeRoomProfile('{"topic":"t"}', { founder: 'x', managers: ['y'], gtype: 1, label: 'l', kind: 2 });
    expect(JSON.parse(stored)).toEqual({ topic: 't', label: 'l', kind: 2 });
    expect(roomBean({ founder: 'f', gtype: 2, profile: stored, createdAt: 2 }, ['m'])).toEqual({
      topic: 't',
      label: 'l',
      kind: 2,
      founder: 'f',
      managers: ['m'],
      gtype: 2,
      createtime: 2_000_000n,
    });
  });
});
