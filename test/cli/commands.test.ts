// The command line's surface: the commands --help lists, the options each command's --help lists,
// and options drawn from a closed set (a checker mode, a kernel variant, a file-system type) that
// list it and refuse anything else in one line, exit 2.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHECK_MODES } from '../../src/checker/modes/registry.js';
import { main } from '../../src/cli/main.js';
import { GUEST_KERNELS } from '../../src/crosscheck/guest-kernel.js';
import { GUEST_FS } from '../../src/crosscheck/qemu.js';
import { MOUNTABLE_FS_TYPES } from '../../src/model/fstype.js';
import { KERNELS } from '../../src/model/kernel.js';
import { capture } from '../helpers/io.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What `relinklab ARGV` prints as help (yargs writes it with console.log). */
async function help(argv: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  expect(await main(argv, capture())).toBe(0);
  return log.mock.calls.map((c) => String(c[0])).join('\n');
}

const OPTIONS: Record<string, readonly string[]> = {
  replay: [
    '--strace',
    '--root',
    '--fs',
    '--kernel',
    '--json',
    '--invariants',
    '--fds',
    '--root-mode',
    '--nofile',
    '--sysctl',
    '--caps',
    '--lenient',
  ],
  run: ['--json'],
  compare: ['--json', '--criu'],
  check: [
    '--mode',
    '--depth',
    '--runs',
    '--seed',
    '--kernel',
    '--mutation',
    '--out',
    '--json',
    '--workers',
    '--shard',
    '--out-shard',
    '--path',
  ],
  merge: ['--out', '--json'],
  dist: [],
  crosscheck: ['--kernel', '--fs', '--blocksize', '--traces', '--length', '--seed', '--json'],
  explain: ['--step', '--json', '--strace', '--root', '--fs', '--kernel'],
  render: ['--step', '--format', '-o, --out', '--json', '--strace', '--root', '--fs', '--kernel'],
  report: ['-o, --out', '--json', '--strace', '--root', '--fs', '--kernel'],
  new: ['--json'],
  playground: ['-o, --out', '--json'],
};

/** The options whose values come from a closed set, by command. */
const CLOSED: Record<string, readonly string[]> = {
  replay: ['--fs', '--kernel'],
  check: ['--mode', '--kernel'],
  crosscheck: ['--kernel', '--fs'],
  explain: ['--fs', '--kernel'],
  render: ['--fs', '--kernel'],
  report: ['--fs', '--kernel'],
};
const POSITIONALS: Record<string, readonly string[]> = {
  replay: ['trace.jsonl'],
  explain: ['trace.jsonl'],
  render: ['trace.jsonl'],
  report: ['trace.jsonl', '-o', 'trace.html'],
};

/** The registries the closed sets come from: the model's variants and types, the guests'. */
const VARIANTS = Object.keys(KERNELS);
const MODEL_FS = MOUNTABLE_FS_TYPES;
const GUEST_KERNEL_NAMES = ['host', ...GUEST_KERNELS];

const choices = (values: readonly string[]): string => `[choices: ${values.map((v) => `"${v}"`).join(', ')}]`;
/** Help text with yargs' line wrapping undone. */
const unwrapped = (text: string): string => text.replace(/\s+/g, ' ');

describe('relinklab --help', () => {
  it('lists these commands, in this order', async () => {
    const listed = [...(await help(['--help'])).matchAll(/^ {2}relinklab (\S+)/gm)].map((m) => m[1]);
    expect(listed).toEqual([...Object.keys(OPTIONS), 'completion']);
  });

  it.each(Object.entries(OPTIONS))('of %s lists each of its options', async (command, options) => {
    const text = await help([command, '--help']);
    for (const option of options) expect(text).toMatch(new RegExp(`^ +${option} `, 'm'));
  });

  it("of check lists the checker's modes and the model's kernel variants as the choices", async () => {
    const text = unwrapped(await help(['check', '--help']));
    expect(text).toContain(choices(CHECK_MODES));
    expect(text).toContain(choices(VARIANTS));
  });

  it("of replay lists the model's file systems; of crosscheck, the guests' file systems and kernels", async () => {
    expect(unwrapped(await help(['replay', '--help']))).toContain(choices(MODEL_FS));
    const text = unwrapped(await help(['crosscheck', '--help']));
    expect(text).toContain(choices(GUEST_FS));
    expect(text).toContain(choices(GUEST_KERNEL_NAMES));
  });

  it('of crosscheck says what each of its kernels is', async () => {
    const text = unwrapped(await help(['crosscheck', '--help']));
    for (const k of GUEST_KERNEL_NAMES) expect(text).toMatch(new RegExp(`\\b${k} \\([^)]+\\)`));
  });
});

describe('an option outside its closed set', () => {
  it.each([
    [['check', '--mode', 'nonsense'], `--mode: unknown mode "nonsense" (${CHECK_MODES.join(', ')})`],
    [['check', '--kernel', 'linux-2.4'], `--kernel: unknown kernel "linux-2.4" (${VARIANTS.join(', ')})`],
    [['replay', '--fs', 'zfs', 'trace.jsonl'], `--fs: unknown file system "zfs" (${MODEL_FS.join(', ')})`],
    [['crosscheck', '--fs', 'zfs'], `--fs: unknown file system "zfs" (${GUEST_FS.join(', ')})`],
    [['crosscheck', '--kernel', 'freebsd'], `--kernel: unknown kernel "freebsd" (${GUEST_KERNEL_NAMES.join(', ')})`],
  ])('%j is bad input: exit 2, one line naming the option, the value and the set', async (argv, line) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.errs).toEqual([line]);
    expect(io.outs).toEqual([]);
  });

  // yargs' own refusal of a value outside `choices` takes three lines: each such option must be
  // refused before it (src/cli/closed-sets.ts refuseOutside).
  it.each(Object.keys(OPTIONS))('of %s: each one listed with choices is refused in one line', async (command) => {
    const closed = CLOSED[command] ?? [];
    const text = await help([command, '--help']);
    const withChoices = text
      .split(/\n(?= +-)/)
      .filter((entry) => entry.includes('[choices:'))
      .map((entry) => /^ +(--[\w-]+)/.exec(entry)?.[1]);
    expect(withChoices).toEqual(closed);
    for (const option of closed) {
      const io = capture();
      expect(await main([command, option, 'no-such-value', ...(POSITIONALS[command] ?? [])], io)).toBe(2);
      expect(io.errs).toEqual([expect.stringMatching(new RegExp(`^${option}: unknown .* "no-such-value" \\(`))]);
    }
  });

  it('is judged by its last value when repeated', async () => {
    const io = capture();
    expect(await main(['check', '--mode', 'random', '--mode', 'nonsense'], io)).toBe(2);
    expect(io.errs).toEqual([`--mode: unknown mode "nonsense" (${CHECK_MODES.join(', ')})`]);
  });
});

describe('words after --', () => {
  it('are not taken for a repeated option whose last value counts (yargs crashed with a TypeError)', async () => {
    const io = capture();
    expect(await main(['run', 'scenarios/alias.yaml', '--', 'x', 'y'], io)).toBe(0);
    expect(io.errs).toEqual([]);
  });
});
