import { describe, expect, it } from 'vitest';
import { MOUNTABLE_FS_TYPES } from '../../src/model/fstype.js';
import { mergeMountOptions, mergeUncached, parseMountOptions, parseUncached } from '../../src/ops/vfs/mount-options.js';

const STRINGS = [
  '',
  'ro',
  'rw',
  'ro,rw',
  'rw,ro',
  'mode=0700',
  'mode=9',
  'mode',
  'relink=/r',
  'relink=',
  'relink',
  'ro,relink=/a,mode=1777',
  'nosuchkey',
  'errors=remount-ro',
  ',,ro,,',
  'data=ordered,ro',
  'noatime',
  'relink=/a,relink=',
  'x=1,y',
  'mode=0755,rw',
];

describe('the memoised mount option parse', () => {
  it('answers as the parse does for every type, string and kernel, twice over', () => {
    for (let round = 0; round < 2; round++)
      for (const type of MOUNTABLE_FS_TYPES)
        for (const relinkSeries of [false, true])
          for (const data of STRINGS)
            expect(parseMountOptions(type, data, { relinkSeries }), `${type} ${relinkSeries} ${data}`).toEqual(
              parseUncached(type, data, { relinkSeries }),
            );
  });

  it('hands out a frozen answer, so that no caller can change what the next one gets', () => {
    const first = parseMountOptions('tmpfs', 'ro,mode=0700', { relinkSeries: true });
    expect(Object.isFrozen(first)).toBe(true);
    if (!first.ok) throw new Error('tmpfs takes ro and mode=');
    expect(Object.isFrozen(first.value)).toBe(true);
    expect(() => {
      (first.value as { rootMode: number | null }).rootMode = 0;
    }).toThrow(TypeError);
    expect(parseMountOptions('tmpfs', 'ro,mode=0700', { relinkSeries: true })).toEqual(
      parseUncached('tmpfs', 'ro,mode=0700', { relinkSeries: true }),
    );
  });

  it('keeps apart strings that differ only in the kernel or the type', () => {
    const withSeries = parseMountOptions('ext4', 'relink=/r', { relinkSeries: true });
    const without = parseMountOptions('ext4', 'relink=/r', { relinkSeries: false });
    expect(withSeries).toEqual(parseUncached('ext4', 'relink=/r', { relinkSeries: true }));
    expect(without).toEqual(parseUncached('ext4', 'relink=/r', { relinkSeries: false }));
    expect(withSeries).not.toEqual(without);
  });

  it('throws again on every call for what the model does not have (a throw is never kept)', () => {
    for (let n = 0; n < 2; n++) expect(() => parseMountOptions('btrfs', 'subvol=/a', { relinkSeries: true })).toThrow();
  });

  it('still answers as the parse does after more distinct strings than the memo keeps', () => {
    for (let n = 0; n < 3000; n++) {
      const data = n % 2 === 0 ? `mode=${(n % 512).toString(8)},x${n}` : `ro,relink=/d${n}`;
      expect(parseMountOptions('tmpfs', data, { relinkSeries: true })).toEqual(
        parseUncached('tmpfs', data, { relinkSeries: true }),
      );
    }
  });
});

describe('the memoised remount option merge', () => {
  it('answers as the merge does for every pair of strings, twice over', () => {
    for (let round = 0; round < 2; round++)
      for (const old of STRINGS)
        for (const next of STRINGS)
          expect(mergeMountOptions(old, next), `${old} | ${next}`).toBe(mergeUncached(old, next));
  });

  it('keeps apart pairs whose concatenations are the same', () => {
    expect(mergeMountOptions('a', 'b,c')).toBe(mergeUncached('a', 'b,c'));
    expect(mergeMountOptions('a,b', ',c')).toBe(mergeUncached('a,b', ',c'));
    expect(mergeMountOptions('ab', 'c')).toBe(mergeUncached('ab', 'c'));
    expect(mergeMountOptions('a', 'bc')).toBe(mergeUncached('a', 'bc'));
  });
});
