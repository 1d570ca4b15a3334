/**
 * From strace's printed arguments to Syscall records, derived from the descriptor table
 * (src/model/syscall/table.ts): each argument is read at the position strace prints it, as its
 * kind says. What cannot be decoded (an unknown symbol, an elided argument) makes the call
 * undecodable, which the replayer counts as skipped; it is never guessed.
 */
import type { ArgSpec } from '../model/syscall/spec.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { SYSCALLS, SYSCALL_NAMES, type SyscallName } from '../model/syscall/table.js';
import { syscallOf } from '../model/syscall/fields.js';
import { int, num, offsetArg, pathValue, sizeArg, str, writtenBytes } from './args-values.js';
import { gidListArg, outPointerArg } from './args-creds.js';
import { optPathArg, timespecsArg } from './args-times.js';
import type { StraceValue } from './strace-ast.js';

/** Each name strace prints for a modelled call, with the call it is decoded as (clone3 as clone). */
const STRACE_CALLS: ReadonlyMap<string, SyscallName> = new Map(
  SYSCALL_NAMES.flatMap((name) => {
    const s = SYSCALLS[name].strace;
    if (s === false) return [];
    const aliases: readonly string[] = 'aliases' in s ? s.aliases : [];
    return [name, ...aliases].map((n) => [n, name] as const);
  }),
);

/** The names strace can print for each call the replay decodes. */
export const STRACE_NAMES: ReadonlySet<string> = new Set(STRACE_CALLS.keys());

const named = (args: readonly StraceValue[], name: string): StraceValue | undefined =>
  args.find((a) => a.kind === 'named' && a.name === name);

/** Decoded, absent (an optional pointer or pid), or null when it cannot be read. */
type Decoded = string | number | undefined | null;

/**
 * mknod's dev from `makedev(0x1, 0x3)`: the number the kernel decodes with new_decode_dev (the low
 * byte of the minor, the 12-bit major, then the rest of the minor), else null.
 */
function devArg(args: readonly StraceValue[]): number | null {
  const [major, minor] = args.map((a) => num(a));
  if (major === undefined || minor === undefined || major === null || minor === null) return null;
  return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/**
 * An integer argument. A long strace prints unsigned (truncate's length, %lu) past 2^63 is the
 * negative value the kernel takes: 18446744073709551615 is -1. One a number cannot hold exactly
 * is not decoded (null), never rounded.
 */
function intArg(v: StraceValue | undefined): number | null {
  const n = num(v);
  if (n === null || Number.isSafeInteger(n) || v?.kind !== 'num') return n;
  if (!/^(0x[0-9a-f]+|[1-9][0-9]*)$/i.test(v.text)) return null;
  const signed = Number(BigInt.asIntN(64, BigInt(v.text)));
  return Number.isSafeInteger(signed) ? signed : null;
}

/** A member of a printed struct (capget's header), or undefined. */
function memberOf(v: StraceValue | undefined, field: string): StraceValue | undefined {
  return v !== undefined && v.kind === 'struct' && Object.hasOwn(v.fields, field) ? v.fields[field] : undefined;
}

function decodeArg(spec: ArgSpec, a: readonly StraceValue[], ret: number | null): Decoded {
  if (spec.kind === 'child') return ret !== null && ret > 0 ? ret : undefined;
  const top = typeof spec.at === 'number' ? a[spec.at] : typeof spec.at === 'string' ? named(a, spec.at) : undefined;
  const v = spec.field === undefined ? top : memberOf(top, spec.field);
  let out: Decoded;
  switch (spec.kind) {
    case 'path':
    case 'program':
    case 'target':
      out = pathValue(v);
      break;
    case 'str':
      out = str(v);
      break;
    case 'data':
      return writtenBytes(v, spec.countAt === undefined ? null : num(a[spec.countAt]));
    case 'dirfd':
      return int(num(v));
    case 'size':
      return sizeArg(v);
    case 'offptr':
      return offsetArg(v);
    case 'optpath':
      return optPathArg(v);
    case 'timespecs':
      return timespecsArg(v);
    case 'gids':
      return gidListArg(v, spec.countAt === undefined ? null : num(a[spec.countAt]));
    case 'outptr':
      return outPointerArg(v);
    default:
      out = v?.kind === 'call' && v.name === 'makedev' ? devArg(v.args) : intArg(v);
  }
  return out ?? spec.missing ?? null;
}

/** clone3's struct clone_args: flags and exit_signal fold into clone's flags. */
function clone3(a: readonly StraceValue[], ret: number | null): Syscall | null {
  const args = a[0];
  if (args === undefined || args.kind !== 'struct') return null;
  const flags = num(args.fields['flags']) ?? 0;
  const sig = num(args.fields['exit_signal']) ?? 0;
  return syscallOf('clone', { flags: flags | sig, child: ret !== null && ret > 0 ? ret : undefined });
}

/**
 * The Syscall record for strace call `name` with the input arguments `a`, or null when this call
 * cannot be decoded (unknown to the model, or an argument is missing or elided).
 * `ret` is the returned value, for calls whose child pid the model must reuse.
 */
export function toSyscall(name: string, a: readonly StraceValue[], ret: number | null): Syscall | null {
  const call = STRACE_CALLS.get(name);
  if (call === undefined) return null;
  if (name === 'clone3') return clone3(a, ret);
  const fields: Record<string, string | number | undefined> = {};
  for (const spec of SYSCALLS[call].args as readonly ArgSpec[]) {
    const v = decodeArg(spec, a, ret);
    if (v === null) return null;
    fields[spec.name] = v;
  }
  return syscallOf(call, fields);
}
