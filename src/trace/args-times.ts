/**
 * strace's printing of utimensat's arguments read back: a path that may be NULL (the futimens
 * form) and the pair of times (`NULL`, `[UTIME_NOW, UTIME_OMIT]`, `[{tv_sec=1, tv_nsec=0}, ...]`,
 * the date comments dropped by the parser). What cannot be read is null, never guessed.
 */
import { timespec, timespecsBytes, UTIME_NOW, UTIME_OMIT, type Timespec } from '../model/syscall/timespecs.js';
import { pathValue } from './args-values.js';
import type { StraceValue } from './strace-ast.js';

const isNull = (v: StraceValue): boolean => v.kind === 'flags' && v.text === 'NULL';

/** A path argument strace may print as NULL: undefined for NULL, the path, or null when unreadable. */
export function optPathArg(v: StraceValue | undefined): string | undefined | null {
  if (v === undefined) return null;
  return isNull(v) ? undefined : pathValue(v);
}

/** A 64-bit integer as printed (tv_nsec is printed unsigned), or null. */
function int64(v: StraceValue | undefined): bigint | null {
  if (v === undefined || v.kind !== 'num' || !/^-?[0-9]+$/.test(v.text)) return null;
  return BigInt.asIntN(64, BigInt(v.text));
}

function timespecArg(v: StraceValue | undefined): Timespec | null {
  if (v === undefined) return null;
  if (v.kind === 'flags' && v.parts.length === 1) {
    if (v.text === 'UTIME_NOW') return timespec(0, UTIME_NOW);
    if (v.text === 'UTIME_OMIT') return timespec(0, UTIME_OMIT);
    return null;
  }
  if (v.kind !== 'struct' || v.truncated) return null;
  const sec = int64(v.fields['tv_sec']);
  const nsec = int64(v.fields['tv_nsec']);
  return sec === null || nsec === null ? null : { tv_sec: sec, tv_nsec: nsec };
}

/**
 * utimensat's times as a record holds them (src/model/syscall/timespecs.ts): no bytes for NULL,
 * else the pair's 32 bytes; null for an address strace printed instead of a pair it could not read.
 * strace prints UTIME_NOW and UTIME_OMIT without their tv_sec, which the kernel does not read
 * then: it is taken as 0.
 */
export function timespecsArg(v: StraceValue | undefined): string | null {
  if (v === undefined) return null;
  if (isNull(v)) return '';
  if (v.kind !== 'array' || v.truncated || v.items.length !== 2) return null;
  const a = timespecArg(v.items[0]);
  const m = timespecArg(v.items[1]);
  return a === null || m === null ? null : timespecsBytes([a, m]);
}
