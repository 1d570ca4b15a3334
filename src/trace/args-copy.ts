/**
 * strace's copy calls (copy_file_range, splice, sendfile) as Syscall records: offsets passed by
 * pointer (`[6]`, NULL, or `[7] => [10]` when strace shows the value written back) and size_t
 * lengths printed unsigned. What cannot be read makes the call undecodable (null), never guessed.
 */
import type { Syscall } from '../ops/run/syscalls.js';
import type { StraceValue } from './strace-ast.js';

type Num = (v: StraceValue | undefined) => number | null;

/**
 * An loff_t or off_t passed by pointer: `[6]` (the value on entry), NULL (undefined), or null when
 * strace could not read it. strace prints it unsigned, so [18446744073709551615] is -1.
 */
function offsetArg(v: StraceValue | undefined): number | undefined | null {
  if (v === undefined) return null;
  if (v.kind === 'flags' && v.text === 'NULL') return undefined;
  if (v.kind !== 'array' || v.items.length !== 1) return null;
  const item = v.items[0];
  if (item === undefined || item.kind !== 'num' || !/^-?[0-9]+$/.test(item.text)) return null;
  return Number(BigInt.asIntN(64, BigInt(item.text)));
}

/** An offset value written back through a pointer, as printed on exit (`[7] => [10]`), else null. */
export function offsetAfter(v: StraceValue | undefined): number | null {
  if (v === undefined || v.kind !== 'array' || v.after === undefined) return null;
  const o = offsetArg(v.after);
  return o === undefined ? null : o;
}

/** A size_t: strace prints it unsigned; the model takes it as a number (exact up to 2^53). */
function sizeArg(v: StraceValue | undefined, num: Num): number | null {
  if (v === undefined || v.kind !== 'num' || !/^[0-9]+$/.test(v.text)) return num(v);
  return Number(BigInt(v.text));
}

/** copy_file_range, splice or sendfile with the arguments `a`; null when one cannot be read. */
export function copyCall(
  name: 'copy_file_range' | 'splice' | 'sendfile',
  a: readonly StraceValue[],
  num: Num,
): Syscall | null {
  const n = (i: number): number | null => num(a[i]);
  if (name === 'sendfile') {
    const offset = offsetArg(a[2]);
    const outFd = n(0);
    const inFd = n(1);
    const count = sizeArg(a[3], num);
    if (offset === null || outFd === null || inFd === null || count === null) return null;
    return { call: 'sendfile', out_fd: outFd, in_fd: inFd, ...(offset === undefined ? {} : { offset }), count };
  }
  const offIn = offsetArg(a[1]);
  const offOut = offsetArg(a[3]);
  const fdIn = n(0);
  const fdOut = n(2);
  const len = sizeArg(a[4], num);
  const flags = n(5);
  if (offIn === null || offOut === null || fdIn === null || fdOut === null || len === null || flags === null)
    return null;
  return {
    call: name,
    fd_in: fdIn,
    ...(offIn === undefined ? {} : { off_in: offIn }),
    fd_out: fdOut,
    ...(offOut === undefined ? {} : { off_out: offOut }),
    len,
    flags,
  };
}
