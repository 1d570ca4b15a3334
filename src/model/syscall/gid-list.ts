/**
 * A gid_t array as a call's record holds it (src/model/syscall/spec.ts: 'gids'): its bytes, four
 * per gid, little-endian as x86_64 stores them, in a latin1 string like every buffer of a record.
 */

/** The whole gids the bytes hold, in order (a trailing partial one is not a gid). */
export function gidsOf(bytes: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    let v = 0;
    for (let b = 3; b >= 0; b--) v = v * 256 + (bytes.charCodeAt(i + b) & 0xff);
    out.push(v);
  }
  return out;
}

/** The bytes of these gids, each taken as a gid_t (so -1 is 4294967295). */
export function gidBytes(gids: readonly number[]): string {
  let out = '';
  for (const g of gids) {
    const v = g >>> 0;
    for (let b = 0; b < 4; b++) out += String.fromCharCode(Math.floor(v / 256 ** b) % 256);
  }
  return out;
}

/** include/uapi/linux/limits.h: the most supplementary groups a task may have. */
export const NGROUPS_MAX = 65536;
