/**
 * The hash behind the 64-bit fingerprints (fingerprint.ts, raw-fingerprint.ts): a canonical
 * traversal's values fed one by one into two 32-bit MurmurHash3 lanes, with no text built. Every
 * value goes in with a type code and every string and list with its length, so two different
 * walks differ in the words hashed. Walks that know a field's type may use the short code for
 * numbers instead (`int`, `id`: the raw fingerprint's records), prefix-free too.
 */
import { ModelBug } from '../model/errors.js';
import type { CanonicalSink } from './canonical-records.js';

export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The short code's escape (`int`): a word no id or counter comes near. */
export const ESCAPE = -0x5a5a5a5b;

/** Type codes: a value's kind goes into the hash before the value. */
const enum Code {
  Null = 1,
  False,
  True,
  Int,
  LongInt,
  Float,
  Str,
  List,
  Record,
  Tag,
  Undefined,
}

/**
 * The traversal's values, each after its type code, into two 32-bit MurmurHash3 lanes.
 */
export class HashSink implements CanonicalSink {
  private h1 = 0x9747b28c;
  private h2 = 0x2f8a31d5;
  private n = 0;
  /** The fingerprint's halves after `finish` (no object made: the in-place search keeps them in arrays). */
  hi = 0;
  lo = 0;

  /** One 32-bit word, as it is (what the sink's own methods build on). */
  word(k: number): void {
    let a = Math.imul(k, 0xcc9e2d51);
    a = Math.imul((a << 15) | (a >>> 17), 0x1b873593);
    const h1 = this.h1 ^ a;
    this.h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
    let b = Math.imul(k, 0x38b34ae5);
    b = Math.imul((b << 17) | (b >>> 15), 0xa1e38b93);
    const h2 = this.h2 ^ b;
    this.h2 = (Math.imul((h2 << 15) | (h2 >>> 17), 5) + 0x0bcaa747) | 0;
    this.n++;
  }

  /** Back to the empty traversal (a sink reused for many records). */
  reset(): void {
    this.h1 = 0x9747b28c;
    this.h2 = 0x2f8a31d5;
    this.n = 0;
  }

  private str(s: string): void {
    const n = s.length;
    this.word(n);
    let i = 0;
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.word(s.charCodeAt(i));
  }

  tag(t: string): void {
    this.word(Code.Tag);
    this.str(t);
  }

  val(v: number | string | boolean | null): void {
    if (typeof v === 'number') this.num(v);
    else if (v === null) this.word(Code.Null);
    else if (typeof v === 'string') this.string(v);
    else this.bool(v);
  }

  // val's cases one by one, for walks that know a field's type (raw-record-hash.ts): the same words.

  num(v: number): void {
    if ((v | 0) === v) {
      // Most fields: 32-bit integers, one word.
      this.word(Code.Int);
      this.word(v);
    } else if (Number.isSafeInteger(v)) {
      this.word(Code.LongInt);
      this.word(v >>> 0);
      this.word(Math.floor(v / 4294967296) | 0);
    } else {
      f64[0] = v;
      this.word(Code.Float);
      this.word(u32[0] ?? 0);
      this.word(u32[1] ?? 0);
    }
  }

  /** A reference as the raw walk names it (AS_IS: absent is null). */
  ref(v: number | null | undefined): void {
    if (v === null || v === undefined) this.word(Code.Null);
    else this.num(v);
  }

  // One word for most numbers, where a field's place already says it holds a number: a 32-bit
  // integer other than ESCAPE goes in as itself; anything else (ESCAPE too) as ESCAPE and then its
  // `val` words. The code is prefix-free, so a record's fields still decode one way only.

  /** A number in the short code. */
  int(v: number): void {
    if ((v | 0) === v && v !== ESCAPE) this.word(v);
    else {
      this.word(ESCAPE);
      this.num(v);
    }
  }

  /** An id in the short code, a missing one (null, undefined) as ESCAPE and null. */
  id(v: number | null | undefined): void {
    if (v === null || v === undefined) {
      this.word(ESCAPE);
      this.word(Code.Null);
    } else this.int(v);
  }

  string(v: string): void {
    this.word(Code.Str);
    this.str(v);
  }

  bool(v: boolean): void {
    this.word(v ? Code.True : Code.False);
  }

  /** A list of numbers, as `nested` hashes it. */
  nums(v: readonly number[]): void {
    this.word(Code.List);
    this.word(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'number') this.num(x);
      else this.nested(x);
    }
  }

  nested(v: unknown): void {
    if (v === undefined) this.word(Code.Undefined);
    else if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') this.val(v);
    else if (Array.isArray(v)) {
      this.word(Code.List);
      this.word(v.length);
      for (const x of v) this.nested(x);
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      this.word(Code.Record);
      this.word(keys.length);
      for (const k of keys) {
        this.str(k);
        this.nested(o[k]);
      }
    } else throw new ModelBug(`a world holds a ${typeof v}, which is not plain data`);
  }

  result(): Fingerprint {
    this.finish();
    return { hi: this.hi, lo: this.lo };
  }

  /** The traversal's fingerprint into `hi` and `lo`. */
  finish(): void {
    let h1 = this.h1 ^ this.n;
    let h2 = this.h2 ^ this.n;
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    const hi = h1 >>> 0;
    let lo = h2 >>> 0;
    // (0, 0) marks an empty slot in FingerprintSet.
    if (hi === 0 && lo === 0) lo = 1;
    this.hi = hi;
    this.lo = lo;
  }
}
