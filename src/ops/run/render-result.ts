/**
 * Results as strace ends a call's line, for every output a person reads: ` = 3`,
 * ` = -1 ENOENT (No such file or directory)`.
 * The call itself is renderCall's (src/model/syscall/render.ts); this module sits at src/ops
 * because SysResult is an ops type.
 *
 * A call the model parks asleep (a fifo open with no peer, a lock another task holds) has not
 * returned. strace prints `<unfinished ...>` for it and `= ?` for a call that never returns; we
 * print ` = ? <blocked: REASON>`: no value, and the model's reason for the sleep.
 *
 * What a call hands back besides its return value (read's bytes, stat's struct, readlink's
 * target, getdents64's names, the offsets copy_file_range writes back, getresuid's ids,
 * getgroups' list, capget's sets) strace prints inside the call; renderCall shows those
 * arguments as `...`, so they follow the result here instead: ` = 6, data "abXYef"`.
 */
import { modeText, quote } from '../../model/syscall/render.js';
import { bytesText } from '../vfs/pagecache.js';
import type { SysResult } from '../vfs/result.js';
import { errnoText } from './strerror.js';

/** strace's default -s: the bytes of a buffer it shows before "...". */
const SHOWN_BYTES = 32;

/**
 * An answer as traces and the cross-check carry it, flat (src/trace/jsonl.ts: Expected, and the
 * cross-check's Answer): the same text for a kernel's answer and for the model's.
 */
export interface AnswerFields {
  readonly ret?: number;
  readonly errno?: string;
  readonly blocked?: boolean;
  /** The cross-check's executor: a call this kernel lacks; the model: a call it does not cover. */
  readonly unsupported?: string;
  readonly skipped?: string;
  readonly data?: string;
  readonly link?: string;
  readonly st_mode?: number;
  readonly st_nlink?: number;
  readonly st_uid?: number;
  readonly st_gid?: number;
  readonly st_size?: number;
  readonly st_ino?: number;
  readonly st_dev?: number;
  readonly mnt_id?: number;
  readonly st_rdev?: number;
  readonly st_blocks?: number;
  readonly st_blksize?: number;
  readonly names?: readonly string[];
  readonly ids?: readonly number[];
  readonly groups?: readonly number[];
  readonly caps?: { readonly effective: number; readonly permitted: number };
}

/**
 * The result as strace ends the call's line: ` = 3`, ` = -1 ENOENT (No such file or directory)`,
 * ` = ? <blocked: REASON>`.
 */
export function renderResult(r: SysResult): string {
  if (r.ok === true) return ` = ${r.ret}`;
  if (r.ok === false) return ` = -1 ${errnoText(r.errno)}`;
  return ` = ? <blocked: ${r.reason}>`;
}

/** What the call handed back besides its return value, as `name value` pairs; '' when nothing. */
export function renderOutputs(r: SysResult): string {
  if (r.ok !== true) return '';
  return outputsText({
    ...r.stat,
    // One byte past what is shown, so that quote marks a longer buffer with "...".
    ...(r.data !== undefined ? { data: bytesText(r.data, SHOWN_BYTES + 1) } : {}),
    ...(r.link !== undefined ? { link: r.link } : {}),
    ...(r.dents !== undefined ? { names: r.dents.map((d) => d.d_name) } : {}),
    ...(r.offsets?.in !== undefined ? { off_in: r.offsets.in } : {}),
    ...(r.offsets?.out !== undefined ? { off_out: r.offsets.out } : {}),
    ...(r.ids !== undefined ? { ids: r.ids } : {}),
    ...(r.groups !== undefined ? { groups: r.groups } : {}),
    ...(r.caps !== undefined ? { caps: r.caps } : {}),
  });
}

/** The result, then what the call handed back: ` = 6, data "abXYef"`. */
export function renderResultAndOutputs(r: SysResult): string {
  const o = renderOutputs(r);
  return `${renderResult(r)}${o === '' ? '' : `, ${o}`}`;
}

/** A trace's or the cross-check's answer as renderResultAndOutputs prints a result; ` = ?` when it holds none. */
export function renderAnswer(a: AnswerFields): string {
  const o = outputsText(a);
  const tail = o === '' ? '' : `, ${o}`;
  if (a.errno !== undefined) return ` = -1 ${errnoText(a.errno)}${tail}`;
  if (a.ret !== undefined) return ` = ${a.ret}${tail}`;
  if (a.blocked === true) return ` = ? <blocked>${tail}`;
  if (a.unsupported !== undefined) return ` = ? <unsupported: ${a.unsupported}>`;
  if (a.skipped !== undefined) return ` = ? <skipped: ${a.skipped}>`;
  return ` = ?${tail}`;
}

/** The output fields of a flat answer (stat's in its struct's order); offsets are a result's only. */
function outputsText(a: AnswerFields & { readonly off_in?: number; readonly off_out?: number }): string {
  const parts: string[] = [];
  if (a.data !== undefined) parts.push(`data ${quote(a.data, SHOWN_BYTES)}`);
  if (a.link !== undefined) parts.push(`link ${quote(a.link)}`);
  if (a.st_dev !== undefined) parts.push(`st_dev ${a.st_dev}`);
  if (a.st_ino !== undefined) parts.push(`st_ino ${a.st_ino}`);
  if (a.st_mode !== undefined) parts.push(`st_mode ${modeText(a.st_mode)}`);
  if (a.st_nlink !== undefined) parts.push(`st_nlink ${a.st_nlink}`);
  if (a.st_uid !== undefined) parts.push(`st_uid ${a.st_uid}`);
  if (a.st_gid !== undefined) parts.push(`st_gid ${a.st_gid}`);
  if (a.st_rdev !== undefined) parts.push(`st_rdev ${a.st_rdev}`);
  if (a.st_size !== undefined) parts.push(`st_size ${a.st_size}`);
  if (a.st_blksize !== undefined) parts.push(`st_blksize ${a.st_blksize}`);
  if (a.st_blocks !== undefined) parts.push(`st_blocks ${a.st_blocks}`);
  if (a.mnt_id !== undefined) parts.push(`mnt_id ${a.mnt_id}`);
  if (a.names !== undefined) parts.push(`names [${a.names.map((n) => quote(n)).join(', ')}]`);
  if (a.off_in !== undefined) parts.push(`off_in ${a.off_in}`);
  if (a.off_out !== undefined) parts.push(`off_out ${a.off_out}`);
  if (a.ids !== undefined) parts.push(`ids [${a.ids.join(', ')}]`);
  if (a.groups !== undefined) parts.push(`groups [${a.groups.join(', ')}]`);
  // As /proc/PID/status prints a set: 16 hex digits.
  const hex = (set: number): string => set.toString(16).padStart(16, '0');
  if (a.caps !== undefined) parts.push(`effective ${hex(a.caps.effective)}, permitted ${hex(a.caps.permitted)}`);
  return parts.join(', ');
}
