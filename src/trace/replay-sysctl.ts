/**
 * A program of the log sets fs.protected_* as sysctl(8) does: open("/proc/sys/fs/protected_X",
 * O_WRONLY), write(fd, "1", 1), close. The model has no /proc/sys, so these calls are skipped as
 * outside the root; the replay follows them here and, when a write succeeded, sets the model's
 * world as the kernel's was set (proc_dointvec_minmax took the value), so the calls after it are
 * answered under the new value (test/corpus/programs/creds/protected.c and symlinks.c do this).
 */
import { InputError } from '../model/errors.js';
import { parseSysctls, sysctlKey, sysctlPath, type SysctlName } from '../model/sysctl.js';
import type { StraceReturn, StraceValue } from './strace-ast.js';

const PROC_SYS_FS = '/proc/sys/fs/';

export interface SysctlSet {
  readonly name: SysctlName;
  readonly value: number;
}

export class SysctlWrites {
  /** The descriptors open on a sysctl file, by `pid:fd`. */
  private readonly files = new Map<string, SysctlName>();

  constructor(private readonly file: string) {}

  /**
   * A call the replay skipped: an open of a sysctl file is remembered, a close forgets it, and a
   * successful write to one is the setting it made (else null).
   */
  observe(line: number, pid: number, name: string, args: readonly StraceValue[], ret: StraceReturn): SysctlSet | null {
    const ok = ret.kind === 'value' && ret.value >= 0 ? ret.value : null;
    const num = (i: number): number | null => {
      const a = args[i];
      return a?.kind === 'num' ? a.value : null;
    };
    const str = (i: number): string | null => {
      const a = args[i];
      return a?.kind === 'str' && !a.truncated ? a.value : null;
    };
    if ((name === 'open' || name === 'openat') && ok !== null) {
      const path = str(name === 'open' ? 0 : 1);
      const key =
        path !== null && path.startsWith(PROC_SYS_FS) ? sysctlKey(`fs.${path.slice(PROC_SYS_FS.length)}`) : null;
      if (key !== null) this.files.set(`${pid}:${ok}`, key);
      return null;
    }
    const fd = num(0);
    const key = fd === null ? undefined : this.files.get(`${pid}:${fd}`);
    if (key === undefined) return null;
    if (name === 'close') {
      this.files.delete(`${pid}:${fd}`);
      return null;
    }
    if (name !== 'write' || ok === null || ok === 0) return null;
    const text = (str(1) ?? '').trim();
    const set = /^[0-9]+$/.test(text) ? parseSysctls([[sysctlPath(key), Number(text)]]) : `not a number: "${text}"`;
    if (typeof set === 'string')
      throw new InputError(this.file, line, `a write to ${PROC_SYS_FS}${key} no kernel takes succeeded: ${set}`);
    return { name: key, value: Number(text) };
  }
}
