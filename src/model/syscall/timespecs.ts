/**
 * utimensat's times as a call's record holds them (src/model/syscall/spec.ts: 'timespecs'): the
 * bytes its pointer reaches, a struct __kernel_timespec[2] of 16 bytes each (tv_sec, then
 * tv_nsec, both little-endian 64-bit integers as x86_64 stores them), in a latin1 string like
 * every buffer of a record. No bytes is NULL; fewer than 32 is a pair the kernel cannot read whole
 * (get_timespec64: EFAULT); bytes past 32 are not read. Also strace's printing of them
 * (src/print_timespec.h: print_timespec_t_utime; src/util.c: sprinttime_nsec).
 */

/** include/uapi/linux/stat.h: tv_nsec values that ask for the current time, or no change. */
export const UTIME_NOW = 2 ** 30 - 1;
export const UTIME_OMIT = 2 ** 30 - 2;

/** One struct __kernel_timespec, both fields as the signed 64-bit integers they are. */
export interface Timespec {
  readonly tv_sec: bigint;
  readonly tv_nsec: bigint;
}

/** What the bytes say: NULL, a pair, or a pair that cannot be read whole. */
export type Timespecs = null | 'unreadable' | readonly [Timespec, Timespec];

const PAIR_BYTES = 32;

function int64At(bytes: string, at: number): bigint {
  let v = 0n;
  for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(bytes.charCodeAt(at + b) & 0xff);
  return BigInt.asIntN(64, v);
}

function int64Bytes(v: bigint): string {
  let u = BigInt.asUintN(64, v);
  let out = '';
  for (let b = 0; b < 8; b++) {
    out += String.fromCharCode(Number(u & 0xffn));
    u >>= 8n;
  }
  return out;
}

/** The times the bytes hold. */
export function timespecsOf(bytes: string): Timespecs {
  if (bytes.length === 0) return null;
  if (bytes.length < PAIR_BYTES) return 'unreadable';
  const at = (i: number): Timespec => ({ tv_sec: int64At(bytes, 16 * i), tv_nsec: int64At(bytes, 16 * i + 8) });
  return [at(0), at(1)];
}

/** The bytes of a pair of times (no bytes for NULL); each value is taken as a 64-bit integer. */
export function timespecsBytes(pair: readonly [Timespec, Timespec] | null): string {
  if (pair === null) return '';
  return pair.map((t) => int64Bytes(t.tv_sec) + int64Bytes(t.tv_nsec)).join('');
}

/** A timespec of plain numbers (tv_nsec may be UTIME_NOW or UTIME_OMIT). */
export const timespec = (tv_sec: number | bigint, tv_nsec: number | bigint): Timespec => ({
  tv_sec: BigInt(tv_sec),
  tv_nsec: BigInt(tv_nsec),
});

const pad2 = (n: bigint): string => n.toString().padStart(2, '0');
const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/**
 * The proleptic Gregorian date of a day count from 1970-01-01 (the inverse of days_from_civil,
 * H. Hinnant's "chrono-compatible low-level date algorithms"), exact for any bigint.
 */
function civilFromDays(days: bigint): { year: bigint; month: bigint; day: bigint } {
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = doy - (153n * mp + 2n) / 5n + 1n;
  const month = mp < 10n ? mp + 3n : mp - 9n;
  return { year: yoe + era * 400n + (month <= 2n ? 1n : 0n), month, day };
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

/**
 * strace's sprinttime_nsec as this machine's strace prints it (glibc 2.36 in the UTC zone the
 * corpus was recorded in): `2001-09-09T01:46:40.000000001+0000`, or null where strace prints no
 * comment: 0 seconds and 0 nanoseconds, nanoseconds past 999999999 (taken unsigned), or a year
 * whose tm_year localtime cannot hold in an int. %F prints the year unpadded, computed as
 * tm_year + 1900 in an int, so the highest years wrap to negative ones as glibc's do.
 */
export function straceTime(sec: bigint, nsec: bigint): string | null {
  const part = BigInt.asUintN(64, nsec);
  if ((sec === 0n && part === 0n) || part > 999999999n) return null;
  const days = floorDiv(sec, 86400n);
  const rest = sec - days * 86400n;
  const { year, month, day } = civilFromDays(days);
  const tmYear = year - 1900n;
  if (tmYear < INT_MIN || tmYear > INT_MAX) return null;
  const shown = BigInt.asIntN(32, tmYear + 1900n);
  const clock = `${pad2(rest / 3600n)}:${pad2((rest / 60n) % 60n)}:${pad2(rest % 60n)}`;
  const frac = part > 0n ? `.${part.toString().padStart(9, '0')}` : '';
  return `${shown}-${pad2(month)}-${pad2(day)}T${clock}${frac}+0000`;
}

/** One timespec as print_timespec_t_utime prints it (abbreviated xlat style, strace's default). */
function timespecText(t: Timespec): string {
  if (t.tv_nsec === BigInt(UTIME_NOW)) return 'UTIME_NOW';
  if (t.tv_nsec === BigInt(UTIME_OMIT)) return 'UTIME_OMIT';
  const text = `{tv_sec=${t.tv_sec}, tv_nsec=${BigInt.asUintN(64, t.tv_nsec)}}`;
  const when = straceTime(t.tv_sec, t.tv_nsec);
  return when === null ? text : `${text} /* ${when} */`;
}

/**
 * The times as strace prints them: `NULL`, `[UTIME_NOW, UTIME_OMIT]`, or each timespec as
 * `{tv_sec=1000000000, tv_nsec=0}` followed by its date in a comment. A pair that cannot be read
 * whole strace shows as its address, which the record does not keep: `...`, as for what a call
 * fills in.
 */
export function timespecsText(bytes: string): string {
  const times = timespecsOf(bytes);
  if (times === null) return 'NULL';
  if (times === 'unreadable') return '...';
  return `[${timespecText(times[0])}, ${timespecText(times[1])}]`;
}
