/**
 * Bookkeeping of a call in flight (src/model/inflight.ts): the references and sleeping locks it
 * holds between steps go through here, so each is taken and dropped with its kernel get/put.
 */
import type { Draft } from 'immer';
import type { Errno } from '../../model/errno.js';
import type { Pid } from '../../model/ids.js';
import type { HeldLock, HeldRef, InFlight, InFlightValue } from '../../model/inflight.js';
import { dget, dput, fput, ihold, iput, mntget, mntput, pathGet, pathPut } from '../vfs/refs.js';
import { ModelBug } from '../../model/errors.js';
import { fail, type SysResult } from '../vfs/result.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import type { MWorld, RWorld } from '../vfs/world-draft.js';

export function inflightOf(w: RWorld, pid: Pid): InFlight | undefined {
  return w.inflight?.[pid];
}

/** The in-flight call of `pid` in a draft; a step of a task with none is a model bug. */
function draftOf(w: MWorld, pid: Pid): Draft<InFlight> {
  const inf = w.inflight?.[pid];
  if (inf === undefined) throw new ModelBug(`task ${pid} has no call in flight`);
  return inf;
}

export function callOf<C extends Syscall['call']>(w: RWorld, pid: Pid, ...calls: C[]): Extract<Syscall, { call: C }> {
  const inf = inflightOf(w, pid);
  const sc = inf?.call as Syscall | undefined;
  if (sc === undefined || !(calls as string[]).includes(sc.call)) {
    throw new ModelBug(`task ${pid} is not in ${calls.join('/')}`);
  }
  return sc as Extract<Syscall, { call: C }>;
}

/** Start a call: the first step has not run yet. */
export function beginInflight(w: MWorld, pid: Pid, sc: { readonly call: string }, first: string): void {
  w.inflight ??= {};
  const call = JSON.parse(JSON.stringify(sc)) as InFlight['call'];
  w.inflight[pid] = { call, next: first, refs: {}, locks: [], data: {}, errno: null };
}

/** End the call: everything it held must have been released by now. */
export function endInflight(w: MWorld, pid: Pid, result: SysResult): SysResult {
  const inf = draftOf(w, pid);
  if (Object.keys(inf.refs).length > 0 || inf.locks.length > 0) {
    throw new ModelBug(`task ${pid} ends ${inf.call.call} still holding ${JSON.stringify([inf.refs, inf.locks])}`);
  }
  const table = w.inflight;
  if (table !== undefined) {
    delete table[pid];
    // A world with no call in flight is the same record an atomic syscall leaves.
    if (Object.keys(table).length === 0) delete w.inflight;
  }
  return result;
}

/** Finish with the errno an earlier step decided (or `errno`), once everything is released. */
export function endWithErrno(w: MWorld, pid: Pid, errno?: Errno): SysResult {
  const e = errno ?? draftOf(w, pid).errno;
  if (e === null) throw new ModelBug(`task ${pid} ends with no errno decided`);
  return endInflight(w, pid, fail(e));
}

export function goTo(w: MWorld, pid: Pid, next: string): null {
  draftOf(w, pid).next = next;
  return null;
}

export function setData(w: MWorld, pid: Pid, key: string, v: InFlightValue): void {
  draftOf(w, pid).data[key] = v;
}

export function decideErrno(w: MWorld, pid: Pid, errno: Errno): void {
  draftOf(w, pid).errno = errno;
}

/** Take a reference (the kernel's get) and remember it under `name`. */
export function hold(w: MWorld, pid: Pid, name: string, ref: HeldRef): void {
  const inf = draftOf(w, pid);
  if (inf.refs[name] !== undefined) throw new ModelBug(`task ${pid} already holds ${name}`);
  switch (ref.kind) {
    case 'path':
      pathGet(w, ref.path);
      break;
    case 'dentry':
      dget(w, ref.dentry);
      break;
    case 'inode':
      ihold(w, ref.inode);
      break;
    case 'mount':
      mntget(w, ref.mnt);
      break;
    case 'file':
      throw new ModelBug('a file reference is handed over (adopt), never taken');
  }
  inf.refs[name] = JSON.parse(JSON.stringify(ref)) as HeldRef;
}

/** Remember a reference the call already owns (one taken over from elsewhere), without a get. */
export function adopt(w: MWorld, pid: Pid, name: string, ref: HeldRef): void {
  const inf = draftOf(w, pid);
  if (inf.refs[name] !== undefined) throw new ModelBug(`task ${pid} already holds ${name}`);
  inf.refs[name] = JSON.parse(JSON.stringify(ref)) as HeldRef;
}

/** Forget a reference without a put: it was handed over (fput consumes a file reference itself). */
export function disown(w: MWorld, pid: Pid, name: string): void {
  const inf = draftOf(w, pid);
  if (inf.refs[name] === undefined) throw new ModelBug(`task ${pid} holds no ${name}`);
  delete inf.refs[name];
}

/** The reference held under `name`. */
export function held<K extends HeldRef['kind']>(
  w: RWorld,
  pid: Pid,
  name: string,
  kind: K,
): Extract<HeldRef, { kind: K }> {
  const ref = inflightOf(w, pid)?.refs[name];
  if (ref === undefined || ref.kind !== kind) throw new ModelBug(`task ${pid} holds no ${kind} ${name}`);
  return ref as Extract<HeldRef, { kind: K }>;
}

/** Drop a held reference (the kernel's put, which may free the object). */
export function release(w: MWorld, pid: Pid, name: string): void {
  const inf = draftOf(w, pid);
  const ref = inf.refs[name];
  if (ref === undefined) throw new ModelBug(`task ${pid} holds no ${name}`);
  const plain = JSON.parse(JSON.stringify(ref)) as HeldRef;
  delete inf.refs[name];
  switch (plain.kind) {
    case 'path':
      pathPut(w, plain.path);
      return;
    case 'dentry':
      dput(w, plain.dentry);
      return;
    case 'inode':
      iput(w, plain.inode);
      return;
    case 'mount':
      mntput(w, plain.mnt);
      return;
    case 'file':
      fput(w, plain.file);
      return;
  }
}

/** Drop every held reference, in the order they were taken last-first (an error path). */
export function releaseAll(w: MWorld, pid: Pid): void {
  for (const name of Object.keys(draftOf(w, pid).refs).reverse()) release(w, pid, name);
}

const sameLock = (a: HeldLock, b: HeldLock): boolean =>
  a.kind === b.kind && (a.kind === 'i_rwsem' ? a.inode === (b as typeof a).inode : a.sb === (b as typeof a).sb);

/** Which task holds `lock` across steps, if any. */
export function lockHolder(w: RWorld, lock: HeldLock): Pid | null {
  for (const [pid, inf] of Object.entries(w.inflight ?? {})) {
    if (inf.locks.some((l) => sameLock(l, lock))) return Number(pid);
  }
  return null;
}

/**
 * May a task take these locks now? Only if nobody holds them, the task itself included: i_rwsem and s_umount
 * are rw_semaphores, which do not nest (a down_write on one the task holds never returns).
 */
export function locksFree(w: RWorld, locks: readonly HeldLock[]): boolean {
  return locks.every((l) => lockHolder(w, l) === null);
}

export function lock(w: MWorld, pid: Pid, l: HeldLock): void {
  const h = lockHolder(w, l);
  if (h !== null) throw new ModelBug(`task ${pid} takes ${JSON.stringify(l)}, held by task ${h}`);
  draftOf(w, pid).locks.push({ ...l });
}

/** Release every lock the call holds (its last unlock, or an error path). */
export function unlockAll(w: MWorld, pid: Pid): void {
  draftOf(w, pid).locks.splice(0);
}

/**
 * A locked section's error exit, as the kernel's labels unwind one (fs/namei.c: do_unlinkat's
 * exit3, inode_unlock, then exit2, path_put): every lock released, then every reference dropped
 * last-first, and the call ends with `errno`.
 */
export function unwindWithErrno(w: MWorld, pid: Pid, errno: Errno): SysResult {
  unlockAll(w, pid);
  releaseAll(w, pid);
  return endWithErrno(w, pid, errno);
}
