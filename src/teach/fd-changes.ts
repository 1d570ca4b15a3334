/** fd slots that were filled, replaced or closed, with the function that did it. */
import type { World } from '../model/world.js';
import type { Step } from '../scenario/parse.js';
import type { Change } from './change.js';
import type { FieldDiff, RecordRef } from './diff.js';
import { fileLabel, pidsOfTable } from './labels.js';

type Slots = Readonly<Record<string, { readonly file: number }>>;

/** A table that appeared or went: each of its slots was filled by dup_fd or closed at exit. */
export function tableSlots(s: Step, a: World, b: World, r: RecordRef, added: boolean): Change[] {
  const t = (added ? b : a).fdtables[r.id];
  if (t === undefined) return [];
  const d: FieldDiff = { ...r, field: 'fds', from: added ? {} : t.fds, to: added ? t.fds : {} };
  return fdChanges(
    s,
    a,
    b,
    d,
    added ? (fd, file) => (inheritedSlot(a, fd, file) ? 'dup_fd' : installFn(s)) : undefined,
  );
}

/** A slot a new table got from its parent's table (dup_fd), rather than installed afterwards. */
const inheritedSlot = (a: World, fd: number, file: number): boolean =>
  Object.values(a.fdtables).some((t) => t.fds[fd]?.file === file);

/** restart puts each restored file in its fd with dup2. */
const installFn = (s: Step): string => (s.kind === 'restart' ? 'do_dup2' : 'fd_install');

export function fdChanges(
  s: Step,
  a: World,
  b: World,
  d: FieldDiff,
  install: (fd: number, file: number) => string = () => installFn(s),
): Change[] {
  const was = d.from as Slots;
  const now = d.to as Slots;
  const pids = pidsOfTable(b, d.id).length > 0 ? pidsOfTable(b, d.id) : pidsOfTable(a, d.id);
  const out: Change[] = [];
  const fds = [...new Set([...Object.keys(was), ...Object.keys(now)])].map(Number).sort((x, y) => x - y);
  for (const fd of fds) {
    const f0 = was[fd]?.file;
    const f1 = now[fd]?.file;
    if (f0 === f1) continue;
    const closeFn =
      s.kind === 'kill' ? 'exit_files' : s.kind === 'call' && s.sc.call === 'execve' ? 'do_close_on_exec' : 'close_fd';
    const fn = f1 === undefined ? closeFn : f0 === undefined ? install(fd, f1) : 'do_dup2';
    out.push({
      kind: 'fd',
      pids,
      fd,
      from: f0 === undefined ? null : fileLabel(a, f0),
      to: f1 === undefined ? null : fileLabel(b, f1),
      fn,
    });
  }
  return out;
}
