/**
 * The modelled procfs, as far as traces use it: /proc/self and /proc/PID, each with an fd/
 * directory of magic links (fs/proc/fd.c) and the cwd, root and exe links (fs/proc/base.c), which
 * jump to the path they name (nd_jump_link). The path walk (namei.ts) steps into it here.
 */
import { CAP_SYS_PTRACE } from '../../model/cred.js';
import { Unmodelled } from '../../model/errors.js';
import type { Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import type { World } from '../../model/world.js';
import { capable } from './cred.js';
import { dChild } from './d-children.js';
import { fdFile } from './fdtable.js';
import type { Walked } from './namei.js';
import { err, val, type Res } from './result.js';
import { rDentry, rFile } from './world-draft.js';

/** What a step into procfs reads of the walk: the world and the walking task. */
interface Walker {
  readonly w: World;
  readonly task: Task;
}

/** The magic links of fs/proc/base.c's tgid_base_stuff the model answers (besides fd/N). */
export type ProcPidLink = 'cwd' | 'root' | 'exe';
const PROC_PID_LINKS: readonly string[] = ['cwd', 'root', 'exe'] satisfies readonly ProcPidLink[];

/**
 * fs/proc/base.c: tgid_base_stuff in 6.1 (some entries depend on the configuration): names a
 * /proc/PID directory may have that the model does not, so it does not answer for them.
 */
const PROC_PID_UNMODELLED = new Set(
  (
    'task map_files fdinfo ns net environ auxv status personality limits sched autogroup timens_offsets ' +
    'comm syscall cmdline stat statm maps numa_maps mem mounts mountinfo mountstats clear_refs smaps ' +
    'smaps_rollup pagemap attr wchan stack schedstat latency cpuset cgroup cpu_resctrl_groups oom_score ' +
    'oom_adj oom_score_adj loginuid sessionid make-it-fail fail-nth coredump_filter io uid_map gid_map ' +
    'projid_map setgroups timers timerslack_ns patch_state stack_depth arch_status seccomp_cache'
  ).split(' '),
);

/**
 * A /proc entry naming a task: self, thread-self or a pid. A zombie's directory stays until it is
 * reaped (fs/proc/base.c: proc_pid_lookup finds it; only its links come to nothing). Other names
 * of /proc itself (mounts, meminfo, sys...) are not modelled.
 */
function resolveProcPid(nd: Walker, comp: string): Pid | null {
  if (comp === 'self' || comp === 'thread-self') return nd.task.pid;
  // name_to_int: a leading zero is no pid, and /proc has no such name either.
  if (/^0[0-9]*$/.test(comp)) return null;
  if (!/^[0-9]+$/.test(comp)) throw new Unmodelled(`/proc/${comp} is not modelled`);
  const pid = Number(comp);
  return nd.w.tasks[pid] === undefined ? null : pid;
}

/** Is `name` at the walk's start an absolute /proc path the model treats as procfs? */
export function entersProc(nd: Walker, at: Walked, comp: string): boolean {
  if (at.kind !== 'path' || comp !== 'proc') return false;
  if (at.path.mnt !== nd.task.root.mnt || at.path.dentry !== nd.task.root.dentry) return false;
  return dChild(rDentry(nd.w, nd.task.root.dentry), 'proc') === undefined;
}

/** One step inside the modelled procfs. */
export function procStep(nd: Walker, at: Walked & { kind: 'proc-dir' }, comp: string): Res<Walked> {
  if (comp === '.') return val(at);
  if (at.level === 'proc') {
    const pid = resolveProcPid(nd, comp);
    return pid === null ? err('ENOENT') : val({ kind: 'proc-dir', pid, level: 'pid' });
  }
  const pid = at.pid ?? nd.task.pid;
  if (at.level === 'pid') {
    if (comp === 'fd') return val({ kind: 'proc-dir', pid, level: 'fd' });
    if (PROC_PID_LINKS.includes(comp)) return val({ kind: 'proc-link', pid, link: comp as ProcPidLink });
    if (PROC_PID_UNMODELLED.has(comp)) throw new Unmodelled(`/proc/PID/${comp} is not modelled`);
    return err('ENOENT');
  }
  // fs/proc/fd.c: proc_lookupfd — a missing fd is ENOENT from ->lookup itself, even for creates;
  // a zombie has no files_struct any more (exit_files).
  if (!/^[0-9]+$/.test(comp)) return err('ENOENT');
  const t = nd.w.tasks[pid];
  if (t === undefined || t.state === 'zombie' || fdFile(nd.w, t, Number(comp)) === null) return err('ENOENT');
  return val({ kind: 'proc-fd', pid, fd: Number(comp) });
}

/** The magic link's target: fs/proc/base.c proc_pid_get_link → nd_jump_link(&file->f_path). */
function procFdTarget(w: World, pid: Pid, fd: number): Path | null {
  const t = w.tasks[pid];
  if (t === undefined) return null;
  const fileId = fdFile(w, t, fd);
  return fileId === null ? null : rFile(w, fileId).f_path;
}

/** A magic link of the modelled procfs. */
export type ProcMagic = Walked & { readonly kind: 'proc-fd' | 'proc-link' };

/**
 * fs/proc/base.c: call_proc_get_link — where a magic link leads, for following (nd_jump_link) and
 * for readlink (d_path of it). The task must still exist (get_proc_task), the reader may look
 * (ptrace_may_access, PTRACE_MODE_READ_FSCREDS: the task itself or CAP_SYS_PTRACE; other cases
 * depend on dumpability, which the model does not keep), then the link's proc_get_link: a zombie
 * has dropped its fs_struct, mm and files (ENOENT). The model keeps no executable: exe of a live
 * task is not answered.
 */
export function procLinkTarget(w: World, reader: Task, at: ProcMagic): Res<Path> {
  const t = w.tasks[at.pid];
  if (t === undefined) return err('ENOENT');
  if (reader.pid !== t.pid && !capable(reader, CAP_SYS_PTRACE)) {
    throw new Unmodelled(`ptrace_may_access of pid ${t.pid} by uid ${reader.cred.uid} (dumpability is not modelled)`);
  }
  if (t.state === 'zombie') return err('ENOENT');
  if (at.kind === 'proc-fd') {
    const target = procFdTarget(w, at.pid, at.fd);
    return target === null ? err('ENOENT') : val(target);
  }
  switch (at.link) {
    case 'cwd':
      return val(t.pwd); // proc_cwd_link: get_fs_pwd
    case 'root':
      return val(t.root); // proc_root_link: get_task_root
    case 'exe':
      throw new Unmodelled('/proc/PID/exe: the model keeps no executable (get_task_exe_file)');
  }
}
