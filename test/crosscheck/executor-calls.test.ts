/**
 * The C executor (kernel-patches/executor/relink-exec.c) runs exactly the calls the descriptor
 * table marks executable: a call added to the table and not to the executor (or the reverse) fails
 * here, not silently in a cross-check that never generates it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSCALL_NAMES, SYSCALLS } from '../../src/model/syscall/table.js';

const SOURCE = readFileSync(
  join(import.meta.dirname, '..', '..', 'kernel-patches', 'executor', 'relink-exec.c'),
  'utf8',
);

/** The call names the executor dispatches on: `strcmp(c, "open")`, `strcmp(l.call, "fork")`. */
function executorCalls(): Set<string> {
  const out = new Set<string>();
  for (const m of SOURCE.matchAll(/strcmp\((?:c|l\.call|l->call), "([a-z_0-9]+)"\)/g)) out.add(m[1] ?? '');
  return out;
}

/** Lines the executor obeys that are no syscall: the CRIU run's barrier (src/crosscheck/criu-run.ts). */
const DIRECTIVES = ['criu_barrier'];

describe('the C executor', () => {
  it('runs exactly the calls the descriptor table marks executable', () => {
    const table = SYSCALL_NAMES.filter((n) => SYSCALLS[n].executable).sort();
    expect([...executorCalls()].filter((c) => !DIRECTIVES.includes(c)).sort()).toEqual(table);
  });

  it('obeys each directive, none of which is a syscall the model knows', () => {
    for (const d of DIRECTIVES) {
      expect(executorCalls()).toContain(d);
      expect(SYSCALL_NAMES).not.toContain(d);
    }
  });
});
