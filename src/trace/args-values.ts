/**
 * strace's printed values as numbers and bytes: symbols (O_RDWR|O_CREAT, AT_FDCWD, S_IFIFO|0600,
 * CLONE_FILES|SIGCHLD) to numbers, quoted strings to latin1 bytes, pointers to the values they
 * pass. What cannot be read is null: the caller counts the call as undecodable, never guesses.
 */
import * as FLAGS from '../model/flags.js';
import * as MODES from '../model/modes.js';
import { SYMBOL_VALUES } from '../model/syscall/flag-sets.js';
import { PATH_MAX } from './model-answers.js';
import type { StraceValue } from './strace-ast.js';

function symbolValue(name: string): number | null {
  const fromFlags = (FLAGS as Readonly<Record<string, unknown>>)[name];
  if (typeof fromFlags === 'number') return fromFlags;
  const fromModes = (MODES as Readonly<Record<string, unknown>>)[name];
  if (typeof fromModes === 'number') return fromModes;
  return SYMBOL_VALUES.get(name) ?? null;
}

/** "O_RDWR|O_CREAT", "AT_FDCWD", "0644", "0x10", "-100": a number, or null when unreadable. */
export function decodeSymbolic(text: string): number | null {
  const parts = text.split('|').map((p) => p.trim());
  let out = 0;
  for (const part of parts) {
    let n: number | null;
    if (/^-?0x[0-9a-fA-F]+$/.test(part)) n = part.startsWith('-') ? -parseInt(part.slice(3), 16) : parseInt(part, 16);
    else if (/^0[0-7]+$/.test(part)) n = parseInt(part, 8);
    else if (/^-?[0-9]+$/.test(part)) n = Number(part);
    else n = symbolValue(part);
    if (n === null) return null;
    if (parts.length === 1) return n; // a plain number keeps all 53 bits (offsets, sizes)
    out |= n;
  }
  return out;
}

/** A number from a printed value: 3, 0644, O_RDWR|O_CREAT, 3</path>; null when it is not one. */
export function num(v: StraceValue | undefined): number | null {
  if (v === undefined) return null;
  switch (v.kind) {
    case 'num':
      return v.value;
    case 'fd':
      return v.fd;
    case 'named':
      return num(v.value);
    case 'flags': {
      let out = 0;
      for (const p of v.parts) {
        const n = typeof p === 'number' ? p : symbolValue(p);
        if (n === null) return null;
        out |= n;
      }
      // "8192*1024" and "1<<20" print sizes, not flags; the model never needs them.
      if (v.text.includes('*') || v.text.includes('<<')) return null;
      return out;
    }
    default:
      return null;
  }
}

/** Signed 32-bit view (dirfds and fds print as unsigned in some strace versions). */
export const int = (n: number | null): number | null => (n === null ? null : n | 0);

/** A byte string from a printed "..." (null when truncated by -s: the rest is unknown). */
export function str(v: StraceValue | undefined): string | null {
  if (v === undefined || v.kind !== 'str' || v.truncated) return null;
  return v.value;
}

/**
 * A name getname reads. strace reads it PATH_MAX bytes at a time: when it finds no NUL there it
 * prints PATH_MAX - 1 bytes and "...", so the name is PATH_MAX bytes or longer, which getname
 * refuses (ENAMETOOLONG, fs/namei.c: getname_flags) before it looks at a byte of it. Such a name
 * is decided: the printed bytes and one more stand for it (the model's getname checks the length).
 */
export function pathValue(v: StraceValue | undefined): string | null {
  if (v !== undefined && v.kind === 'str' && v.truncated && v.value.length >= PATH_MAX - 1) return `${v.value}?`;
  return str(v);
}

/**
 * The longest buffer of a write whose tail strace cut (-s) that the replay spells out: its
 * printed prefix, then NULs for the bytes it did not print (the replayer taints what they reach).
 * Past this the write is not decoded, and the replay reports it as not compared.
 */
const MAX_WRITE_SPELLED = 64 << 20;

/** The bytes a write or pwrite64 wrote, as far as the log shows them; null when it cannot say. */
export function writtenBytes(data: StraceValue | undefined, count: number | null): string | null {
  if (data === undefined || data.kind !== 'str' || count === null) return null;
  if (!data.truncated) return data.value;
  if (count < 0 || count > MAX_WRITE_SPELLED) return null;
  return data.value.padEnd(count, '\0').slice(0, count);
}

/**
 * An loff_t or off_t passed by pointer: `[6]` (the value on entry), NULL (undefined), or null when
 * strace could not read it. strace prints it unsigned, so [18446744073709551615] is -1.
 */
export function offsetArg(v: StraceValue | undefined): number | undefined | null {
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
export function sizeArg(v: StraceValue | undefined): number | null {
  if (v === undefined || v.kind !== 'num' || !/^[0-9]+$/.test(v.text)) return num(v);
  return Number(BigInt(v.text));
}
