import { describe, expect, it } from 'vitest';
import { decodePath, opChar, transitionsUpTo } from '../../src/checker/search/path-code.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';

describe('path codes', () => {
  it('order like op indices, so comparing paths compares positions in the search', () => {
    const codes = RELINK_ALPHABET.map((_, i) => opChar(i));
    expect([...codes].sort()).toEqual(codes);
  });

  it('decode back to the alphabet’s ops', () => {
    expect(decodePath(`${opChar(0)}${opChar(12)}`, RELINK_ALPHABET).map((o) => o.label)).toEqual([
      'open /a',
      'relink fd 3 as /ckpt/r',
    ]);
  });
});

describe('transitions up to a violation', () => {
  it('count every op of a parent expanded earlier', () => {
    expect(transitionsUpTo('00', '0123', '015')).toBe(4);
  });

  it('count no op of a parent expanded later', () => {
    expect(transitionsUpTo('02', '0123', '015')).toBe(0);
  });

  it('count the violating parent’s ops up to and including the violating one', () => {
    expect(transitionsUpTo('01', '0257', '015')).toBe(3);
  });
});
