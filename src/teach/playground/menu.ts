/**
 * The playground's menu: a step for every call the model has, written as a scenario spells it,
 * with example arguments from each argument's kind (src/model/syscall/spec.ts), and the other
 * step kinds. A choice fills the input line; the student edits it and steps.
 */
import type { ArgKind } from '../../model/syscall/spec.js';
import { descriptorOf, SYSCALL_NAMES } from '../../model/syscall/table.js';

export interface MenuEntry {
  readonly label: string;
  readonly text: string;
}

/** An example value per argument kind; absent for those a call may leave out. */
const EXAMPLE: Readonly<Record<ArgKind, string | null>> = {
  fd: '3',
  dirfd: 'AT_FDCWD',
  fdslot: '3',
  ctxfd: '3',
  path: '/f',
  program: '/bin/true',
  str: '""',
  target: '/f',
  data: '"hello\\n"',
  flags: '0',
  mode: '0644',
  int: '0',
  size: '16',
  offptr: null,
  optpath: null,
  timespecs: '""',
  gids: '""',
  outptr: '1',
  child: '2',
};

/** Better first guesses for the calls a lesson on open, unlinked files starts with. */
const LESSON_ARGS: Readonly<Record<string, string>> = {
  open: 'path: /f, flags: O_RDWR|O_CREAT, mode: 0644',
  openat: 'dirfd: AT_FDCWD, path: /f, flags: O_RDWR|O_CREAT, mode: 0644',
  mount: 'source: "", target: /, fstype: "", flags: MS_REMOUNT, data: "relink=/ckpt"',
};

function callText(name: (typeof SYSCALL_NAMES)[number]): string {
  const lesson = LESSON_ARGS[name];
  const args =
    lesson ??
    descriptorOf(name)
      .args.map((a) => [a.name, EXAMPLE[a.kind]] as const)
      .filter((kv): kv is readonly [string, string] => kv[1] !== null)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  return `{pid: 1, call: ${name}, args: {${args}}}`;
}

/** Steps that are not calls, and the relink itself, which a lesson needs by name. */
const OTHER_STEPS: readonly MenuEntry[] = [
  {
    label: 'relink (linkat AT_EMPTY_PATH into relink_dir)',
    text: '{pid: 1, call: linkat, args: {olddirfd: 3, oldpath: "", newdirfd: AT_FDCWD, newpath: /ckpt/f, flags: AT_EMPTY_PATH}}',
  },
  { label: 'checkpoint', text: '{checkpoint: {pids: [2]}}' },
  { label: 'kill', text: '{kill: [2]}' },
  { label: 'backup', text: '{backup: {}}' },
  { label: 'restart', text: '{restart: {}}' },
  { label: 'cleanup', text: '{cleanup: {}}' },
  { label: 'assert', text: '{assert: {dir: /ckpt, count: 1}}' },
];

export function menuEntries(): MenuEntry[] {
  return [...OTHER_STEPS, ...SYSCALL_NAMES.map((name) => ({ label: name, text: callText(name) }))];
}
