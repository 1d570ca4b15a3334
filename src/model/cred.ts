import type { Pid } from './ids.js';

/**
 * include/uapi/linux/capability.h: 6.1's capabilities, CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE
 * (40, CAP_LAST_CAP), by number. A set is a number whose bit `cap` is 2 ** cap, as /proc/PID/status
 * prints it (CapEff 000001ffffffffff for root): 41 bits, beyond JavaScript's 32-bit operators, so
 * sets are only combined through capSet, capUnion, capMinus and capIntersect below.
 */
export const CAP_NAMES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

export type CapName = (typeof CAP_NAMES)[number];

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
export const CAP_MAC_OVERRIDE = 32;
export const CAP_CHECKPOINT_RESTORE = 40;

const LOW = 2 ** 32;
const split = (set: number): [number, number] => [Math.floor(set / LOW), set % LOW];
const join = (hi: number, lo: number): number => hi * LOW + (lo >>> 0);

/** The set holding exactly these capabilities. */
export function capSet(...caps: readonly number[]): number {
  return caps.reduce((set, c) => capUnion(set, 2 ** c), 0);
}

/** Is `cap` in `set`? */
export function capHas(set: number, cap: number): boolean {
  return Math.floor(set / 2 ** cap) % 2 === 1;
}

export function capUnion(a: number, b: number): number {
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return join(ah | bh, al | bl);
}

export function capIntersect(a: number, b: number): number {
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return join(ah & bh, al & bl);
}

/** `a` without the capabilities of `b`. */
export function capMinus(a: number, b: number): number {
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return join(ah & ~bh, al & ~bl);
}

/** Every capability: what root holds (CAP_FULL_SET; the bounding set is not modelled). */
export const CAP_FULL_SET = 2 ** CAP_NAMES.length - 1;

/**
 * include/linux/capability.h: CAP_FS_SET (CAP_FS_MASK_B0, CAP_LINUX_IMMUTABLE, CAP_FS_MASK_B1) —
 * the capabilities a change of fsuid to or from 0 drops or raises (security/commoncap.c:
 * cap_task_fix_setuid, LSM_SETID_FS).
 */
export const CAP_FS_MASK = capSet(
  CAP_CHOWN,
  CAP_DAC_OVERRIDE,
  CAP_DAC_READ_SEARCH,
  CAP_FOWNER,
  CAP_FSETID,
  CAP_LINUX_IMMUTABLE,
  CAP_MKNOD,
  CAP_MAC_OVERRIDE,
);

/**
 * include/linux/cred.h: struct cred — the ids and capability sets a task acts with. Every
 * commit_creds makes a new object in the kernel; `owner` and `serial` stand for that identity
 * (the pointer linkat's AT_EMPTY_PATH compares from 6.10 on): the task that committed it and its
 * count of commits. Inheritable and ambient sets, keep-caps and securebits are not modelled, nor
 * file capabilities or set-id programs (execve's program lies outside the model).
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
  /**
   * The bounding set (cap_bset): what an execve by root may give (commoncap's
   * handle_privileged_root). Inherited, never raised; PR_CAPBSET_DROP is not modelled.
   */
  readonly cap_bset: number;
  readonly owner: Pid;
  readonly serial: number;
}

/** The credentials of a task of user `uid` in group `gid` as login leaves them: root holds every capability. */
export function userCred(owner: Pid, uid: number, gid: number, groups: readonly number[] = []): Cred {
  const caps = uid === 0 ? CAP_FULL_SET : 0;
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
    cap_bset: CAP_FULL_SET,
    owner,
    serial: 0,
  };
}
