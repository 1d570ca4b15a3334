/**
 * The credential checks the VFS asks (kernel/capability.c, kernel/groups.c, fs/inode.c), on the
 * task's subjective credentials. The model has one user namespace, so every uid and gid is mapped
 * and the _wrt_inode_uidgid / ns_ variants reduce to the capability test.
 */
import { CAP_FOWNER, capHas, type Cred } from '../../model/cred.js';
import type { Pid } from '../../model/ids.js';
import type { Inode } from '../../model/inode.js';
import type { Task } from '../../model/task.js';

/**
 * A uid_t or gid_t argument as make_kuid/make_kgid take it: the id, or null for (uid_t)-1, which
 * no namespace maps (the set*id and chown calls read it as "leave unchanged" or refuse it).
 */
export function idArg(raw: number): number | null {
  const v = raw >>> 0;
  return v === 0xffffffff ? null : v;
}

/** kernel/capability.c: capable — is `cap` in the effective set? */
export function capable(task: Task, cap: number): boolean {
  return hasCap(task.cred, cap);
}

export function hasCap(cred: Cred, cap: number): boolean {
  return capHas(cred.cap_effective, cap);
}

/**
 * kernel/capability.c: capable_wrt_inode_uidgid — the capability, and the inode's owner and group
 * mapped in the caller's namespace (always, with one namespace).
 */
export function capableWrtInode(task: Task, _inode: Inode, cap: number): boolean {
  return capable(task, cap);
}

/** kernel/groups.c: in_group_p — the fsgid or one of the supplementary groups. */
export function inGroupP(cred: Cred, gid: number): boolean {
  return cred.fsgid === gid || cred.groups.includes(gid);
}

/** fs/inode.c: inode_owner_or_capable — the fsuid owns the inode, or CAP_FOWNER. */
export function inodeOwnerOrCapable(task: Task, inode: Inode): boolean {
  return task.cred.fsuid === inode.i_uid || capableWrtInode(task, inode, CAP_FOWNER);
}

/**
 * kernel/cred.c: prepare_creds + commit_creds — the task acts with new credentials from now on.
 * A new cred is a new object: files opened before keep the old one (f_cred). Its identity is the
 * committing task and its count of commits; a thread's first commit starts its own count, since
 * the cred it had was its creator's (CLONE_THREAD shares it).
 */
export function commitCreds(task: { readonly pid: Pid; cred: Cred }, next: Omit<Cred, 'owner' | 'serial'>): void {
  const serial = task.cred.owner === task.pid ? task.cred.serial + 1 : 1;
  task.cred = { ...next, owner: task.pid, serial };
}
