/**
 * A call's random record derived from its descriptor: one field per argument, in the kernel's
 * order, each drawn from the pool its kind names (src/crosscheck/gen-pools.ts), a call's own pools
 * first. A call added to the table with ordinary argument kinds gets its generator from here.
 *
 * fast-check's draws follow the record's shape (its keys, their order, each field's arbitrary):
 * the same pools give the same traces for the same seed, which the seeded QEMU batch relies on.
 */
import fc from 'fast-check';
import { ModelBug } from '../model/errors.js';
import { FLAG_SETS, type FlagSetName } from '../model/syscall/flag-sets.js';
import { asSyscall } from '../model/syscall/fields.js';
import type { ArgSpec } from '../model/syscall/spec.js';
import type { Syscall, SyscallName } from '../model/syscall/syscall.js';
import { descriptorOf } from '../model/syscall/table.js';
import { CALL_POOLS, FLAG_POOLS, KIND_POOLS, type FieldPools, type Pool } from './gen-pools.js';

/** A flag set's chosen pool, or 0 and each symbol (bits), or each value (an enum). */
export function flagPool(set: FlagSetName): readonly number[] {
  const chosen = FLAG_POOLS[set];
  if (chosen !== undefined) return chosen;
  const { style, symbols } = FLAG_SETS[set];
  const values = symbols.map(([v]) => v);
  return style === 'bits' ? [0, ...values] : values;
}

/** The pool of argument `a` by its kind (and name), or null for a field left out (a child pid). */
export function kindPool(call: string, a: ArgSpec): Pool | null {
  switch (a.kind) {
    case 'child':
      return null;
    case 'program':
      throw new ModelBug(`${call}.${a.name}: a program image lies outside the modelled tree; no values to draw`);
    case 'flags':
      if (a.set === undefined) throw new ModelBug(`${call}.${a.name}: flags of no named set`);
      return flagPool(a.set);
    default: {
      const pools = KIND_POOLS[a.kind];
      return pools.byName?.[a.name] ?? pools.values;
    }
  }
}

function arbitraryOf(pool: Pool): fc.Arbitrary<string | number> {
  if ('min' in pool) return fc.integer(pool);
  return fc.constantFrom<string | number>(...pool);
}

/**
 * The record arbitrary of a call named `call` with arguments `args`: `call` first, then each
 * argument from `pools[name]` or its kind's pool. Offset pointers and paths that may be NULL are
 * optional fields (NULL is the file position, or the futimens form); a child pid is left out.
 */
export function recordArb(
  call: string,
  args: readonly ArgSpec[],
  pools: Readonly<Record<string, Pool | undefined>> = {},
): fc.Arbitrary<Record<string, string | number>> {
  const model: Record<string, fc.Arbitrary<string | number>> = { call: fc.constant(call) };
  const requiredKeys = ['call'];
  for (const a of args) {
    const pool = pools[a.name] ?? kindPool(call, a);
    if (pool === null) continue;
    model[a.name] = arbitraryOf(pool);
    if (a.kind !== 'offptr' && a.kind !== 'optpath') requiredKeys.push(a.name);
  }
  return fc.record(model, { requiredKeys });
}

/**
 * Random records of the modelled call `name`: from `pools` (a generator's own values, such as the
 * relink series' names), then the call's CALL_POOLS, then its arguments' kinds. Each record is
 * checked against the descriptor (asSyscall).
 */
export function callArb<N extends SyscallName>(name: N, pools: FieldPools<N> = {}): fc.Arbitrary<Syscall> {
  const own: Readonly<Record<string, Pool | undefined>> = { ...CALL_POOLS[name], ...pools };
  return recordArb(name, descriptorOf(name).args, own).map((r) => asSyscall(name, r));
}
