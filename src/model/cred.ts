import type { Pid } from './ids.js';

/**
 * include/uapi/linux/capability.h: the capabilities this corner of the VFS asks for. Bit numbers
 * are the kernel's, so a set is a bit mask as in /proc/PID/status (CapEff, CapPrm).
 */
export const CAP_CHOWN = 0;
export const CAP_DAC_OVERRIDE = 1;
export const CAP_DAC_READ_SEARCH = 2;
export const CAP_FOWNER = 3;
export const CAP_FSETID = 4;
export const CAP_SETGID = 6;
export const CAP_SETUID = 7;
export const CAP_LINUX_IMMUTABLE = 9;
export const CAP_SYS_PTRACE = 19;
export const CAP_SYS_ADMIN = 21;
export const CAP_MKNOD = 27;

/** The capabilities the model knows, by name (for rendering and scenario input). */
export const CAP_NAMES: Readonly<Record<string, number>> = {
  CAP_CHOWN,
  CAP_DAC_OVERRIDE,
  CAP_DAC_READ_SEARCH,
  CAP_FOWNER,
  CAP_FSETID,
  CAP_SETGID,
  CAP_SETUID,
  CAP_LINUX_IMMUTABLE,
  CAP_SYS_PTRACE,
  CAP_SYS_ADMIN,
  CAP_MKNOD,
};

/** Every modelled capability: what root holds (the kernel's full set restricted to these). */
export const CAP_MODELLED_SET = Object.values(CAP_NAMES).reduce((m, c) => m | (1 << c), 0);

/**
 * include/linux/capability.h: CAP_FS_MASK — the capabilities a change of fsuid to or from 0
 * drops or raises (security/commoncap.c: cap_task_fix_setuid, LSM_SETID_FS). CAP_MAC_OVERRIDE is
 * in the kernel's mask too; it is not modelled.
 */
export const CAP_FS_MASK =
  (1 << CAP_CHOWN) |
  (1 << CAP_DAC_OVERRIDE) |
  (1 << CAP_DAC_READ_SEARCH) |
  (1 << CAP_FOWNER) |
  (1 << CAP_FSETID) |
  (1 << CAP_LINUX_IMMUTABLE) |
  (1 << CAP_MKNOD);

/**
 * include/linux/cred.h: struct cred — the ids and capability sets a task acts with. Every
 * commit_creds makes a new object in the kernel; `owner` and `serial` stand for that identity
 * (the pointer linkat's AT_EMPTY_PATH compares from 6.10 on): the task that committed it and its
 * count of commits. Inheritable, ambient and bounding sets, keep-caps and securebits are not
 * modelled: a task's permitted set is root's full set or empty as commoncap leaves it.
 */
export interface Cred {
  readonly uid: number;
  readonly gid: number;
  readonly suid: number;
  readonly sgid: number;
  readonly euid: number;
  readonly egid: number;
  readonly fsuid: number;
  readonly fsgid: number;
  /** Supplementary groups (struct group_info), sorted ascending as set_groups leaves them. */
  readonly groups: readonly number[];
  readonly cap_effective: number;
  readonly cap_permitted: number;
  readonly owner: Pid;
  readonly serial: number;
}

/** The credentials of a task of user `uid` in group `gid` as login leaves them: root holds every capability. */
export function userCred(owner: Pid, uid: number, gid: number, groups: readonly number[] = []): Cred {
  const caps = uid === 0 ? CAP_MODELLED_SET : 0;
  return {
    uid,
    gid,
    suid: uid,
    sgid: gid,
    euid: uid,
    egid: gid,
    fsuid: uid,
    fsgid: gid,
    groups: [...new Set(groups)].sort((a, b) => a - b),
    cap_effective: caps,
    cap_permitted: caps,
    owner,
    serial: 0,
  };
}
