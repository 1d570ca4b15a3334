/**
 * strace's printing of the credential calls' lists, pointers and sets, read back: setgroups' gid
 * list, a pointer the call answers through, getgroups' list, getresuid's `[0]`, capget's
 * `1<<CAP_CHOWN|1<<CAP_KILL`. What cannot be read is null, never guessed.
 */
import { CAP_NAMES, capUnion } from '../model/cred.js';
import { gidBytes, NGROUPS_MAX } from '../model/syscall/gid-list.js';
import { num } from './args-values.js';
import type { StraceValue } from './strace-ast.js';

const isNull = (v: StraceValue): boolean => v.kind === 'flags' && v.text === 'NULL';

/** The numbers of a printed list shown whole (`[1002, 1000]`), else null. */
export function numbersOf(v: StraceValue | undefined): number[] | null {
  if (v === undefined || v.kind !== 'array' || v.truncated) return null;
  const out: number[] = [];
  for (const item of v.items) {
    const n = num(item);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/**
 * setgroups' list as a record holds it (src/model/syscall/gid-list.ts): the printed gids, no bytes
 * for NULL, and no bytes for an address strace printed instead of the list, which it does only for
 * a count above NGROUPS_MAX (strace's print_groups), when setgroups reads none of it. Else null.
 */
export function gidListArg(v: StraceValue | undefined, count: number | null): string | null {
  if (v === undefined) return null;
  if (isNull(v)) return '';
  const gids = numbersOf(v);
  if (gids !== null) return gidBytes(gids);
  if (v.kind === 'num' && count !== null && count >>> 0 > NGROUPS_MAX) return '';
  return null;
}

/** A pointer the call answers through: 0 for NULL, 1 for anything else strace printed there. */
export function outPointerArg(v: StraceValue | undefined): number | null {
  if (v === undefined) return null;
  return isNull(v) ? 0 : 1;
}

/** The id getresuid printed through one pointer (`[1000]`; -1 is (uid_t)-1), else null. */
export function idShown(v: StraceValue | undefined): number | null {
  const ids = numbersOf(v);
  const id = ids?.length === 1 ? ids[0] : undefined;
  return id === undefined ? null : id >>> 0;
}

/** A capability set as capget prints it (`1<<CAP_CHOWN|1<<CAP_KILL`, `0`), else null. */
export function capSetShown(v: StraceValue | undefined): number | null {
  if (v === undefined) return null;
  if (v.kind === 'num') return v.value >= 0 && Number.isSafeInteger(v.value) ? v.value : null;
  if (v.kind !== 'flags') return null;
  let set = 0;
  for (const part of v.text.split('|')) {
    const m = /^1<<(CAP_[A-Z_]+)$/.exec(part.trim());
    const bit = m?.[1] === undefined ? -1 : (CAP_NAMES as readonly string[]).indexOf(m[1]);
    if (bit < 0) return null;
    set = capUnion(set, 2 ** bit);
  }
  return set;
}
