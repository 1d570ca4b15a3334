// The random cross-check traces' call records come from the descriptor table: every executable
// call has a generator, a new call with ordinary argument kinds needs no generator code, and the
// pools kept as data name only calls, fields, kinds' parameters and flag sets that exist.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRAW_WEIGHTS, drawOrder, NOT_DRAWN } from '../../src/crosscheck/gen-calls.js';
import { callArb, flagPool, kindPool, recordArb } from '../../src/crosscheck/gen-derive.js';
import { CALL_POOLS, FLAG_POOLS, KIND_POOLS, type Pool } from '../../src/crosscheck/gen-pools.js';
import { ModelBug } from '../../src/model/errors.js';
import {
  data,
  dirfd,
  fd,
  fdslot,
  flags,
  int,
  mode,
  offptr,
  path,
  program,
  size,
  target,
} from '../../src/model/syscall/args.js';
import { FIELD_LISTS } from '../../src/model/syscall/fields.js';
import type { ArgSpec, SyscallDescriptor } from '../../src/model/syscall/spec.js';
import { descriptorOf, isSyscallName, SYSCALL_NAMES, SYSCALLS } from '../../src/model/syscall/table.js';

const EXECUTABLE = SYSCALL_NAMES.filter((n) => SYSCALLS[n].executable);
const ARGS = SYSCALL_NAMES.flatMap((n) => descriptorOf(n).args as readonly ArgSpec[]);

function inPool(pool: Pool, v: string | number | undefined): boolean {
  if ('min' in pool) return typeof v === 'number' && Number.isInteger(v) && v >= pool.min && v <= pool.max;
  return (pool as readonly (string | number)[]).includes(v ?? NaN);
}

/** A call the table does not have, with one argument of each ordinary kind. */
const MADE_UP_ARGS: readonly ArgSpec[] = [
  fd('fd', 0),
  dirfd('dirfd', 1),
  path('path', 2),
  flags('flags', 3, 'at'),
  mode('mode', 4),
  int('count', 5),
  size('len', 6),
  data('buf', 7, 8),
  offptr('off', 9),
  target('target', 10),
  fdslot('slot', 11),
  int('frobs', 12),
];
const MADE_UP: SyscallDescriptor = {
  args: MADE_UP_ARGS,
  arity: 13,
  kernel: 'fs/frob.c: do_frob',
  fdTable: false,
  ret: 'zero',
  strace: {},
  executable: true,
};

describe('call records derived from the descriptor table', () => {
  it('every executable call has a generator whose records hold its fields, in the kernel order', () => {
    for (const name of EXECUTABLE) {
      const order = FIELD_LISTS[name].map(([f]) => f);
      for (const r of fc.sample(callArb(name), { numRuns: 30, seed: 1 })) {
        expect(r.call).toBe(name);
        const keys = Object.keys(r).slice(1);
        expect(keys, name).toEqual(order.filter((f) => keys.includes(f)));
      }
    }
  });

  it('a made-up call with ordinary argument kinds gets records from its kinds with no override', () => {
    const names = MADE_UP_ARGS.map((a) => a.name);
    for (const r of fc.sample(recordArb('frob', MADE_UP_ARGS), { numRuns: 100, seed: 2 })) {
      expect(r['call']).toBe('frob');
      expect(Object.keys(r).slice(1)).toEqual(names.filter((n) => n !== 'off' || r['off'] !== undefined));
      for (const a of MADE_UP_ARGS) {
        const pool = kindPool('frob', a);
        if (a.kind === 'offptr' && r[a.name] === undefined) continue;
        expect(pool !== null && inPool(pool, r[a.name]), `${a.name}=${String(r[a.name])}`).toBe(true);
      }
    }
  });

  it('a made-up executable call is drawn, with weight 1, after the weighted calls', () => {
    const order = drawOrder({ ...SYSCALLS, frob: MADE_UP }, DRAW_WEIGHTS, NOT_DRAWN);
    expect(order.at(-1)).toEqual(['frob', 1]);
    expect(order.slice(0, DRAW_WEIGHTS.length)).toEqual(DRAW_WEIGHTS);
  });

  it("an offset pointer is sometimes left out (NULL: the file position), a child pid always (the kernel's to pick)", () => {
    const copies = fc.sample(callArb('copy_file_range'), { numRuns: 200, seed: 3 });
    expect(copies.some((r) => !('off_in' in r))).toBe(true);
    expect(copies.some((r) => 'off_in' in r)).toBe(true);
    expect(fc.sample(callArb('fork'), { numRuns: 5, seed: 3 })).toEqual(Array(5).fill({ call: 'fork' }));
  });

  it('has no values for a program image, which lies outside the modelled tree', () => {
    expect(() => recordArb('exec', [program('filename', 0)])).toThrow(ModelBug);
  });

  it("a call's own pools come before its kinds', and a generator's before the call's", () => {
    expect(
      new Set(fc.sample(callArb('mkdir'), { numRuns: 50, seed: 4 }).map((r) => r.call === 'mkdir' && r.mode)),
    ).toEqual(new Set([0o755]));
    const own = fc.sample(callArb('mkdir', { mode: [0o700] }), { numRuns: 50, seed: 4 });
    expect(new Set(own.map((r) => r.call === 'mkdir' && r.mode))).toEqual(new Set([0o700]));
  });

  it('a flag set with no chosen pool draws 0 and each of its bits, or each value of an enum', () => {
    expect(flagPool('rename')).toEqual([0, 1, 2, 4]);
    expect(flagPool('fsconfig')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('the pools kept as data', () => {
  it('name only modelled calls and their fields, with values of the field type', () => {
    for (const [call, fields] of Object.entries(CALL_POOLS)) {
      expect(isSyscallName(call), call).toBe(true);
      if (!isSyscallName(call)) continue;
      const types = new Map(FIELD_LISTS[call]);
      for (const [field, pool] of Object.entries(fields as Readonly<Record<string, Pool>>)) {
        const type = types.get(field);
        expect(type, `${call}.${field}`).toBeDefined();
        const values = 'min' in pool ? [pool.min, pool.max] : (pool as readonly (string | number)[]);
        for (const v of values) expect(typeof v, `${call}.${field}`).toBe(type === 'bytes' ? 'string' : 'number');
      }
    }
  });

  it("name, per kind, only parameters some descriptor has of that kind, and only flag sets some call's flags use", () => {
    for (const [kind, pools] of Object.entries(KIND_POOLS))
      for (const name of Object.keys(pools.byName ?? {}))
        expect(
          ARGS.some((a) => a.kind === kind && a.name === name),
          `${kind} ${name}`,
        ).toBe(true);
    for (const set of Object.keys(FLAG_POOLS))
      expect(
        ARGS.some((a) => a.kind === 'flags' && a.set === set),
        set,
      ).toBe(true);
  });

  it('weigh or leave out only executable calls, each at most once', () => {
    const weighted = DRAW_WEIGHTS.map(([n]) => n);
    expect(new Set(weighted).size).toBe(weighted.length);
    for (const n of [...weighted, ...Object.keys(NOT_DRAWN)])
      expect(isSyscallName(n) && SYSCALLS[n].executable, n).toBe(true);
    expect(weighted.filter((n) => NOT_DRAWN[n] !== undefined)).toEqual([]);
  });
});
