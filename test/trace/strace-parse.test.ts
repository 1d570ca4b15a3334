import { describe, expect, it } from 'vitest';
import { parseStrace, parseStraceLine } from '../../src/trace/strace-parse.js';
import { InputError } from '../../src/model/errors.js';

const one = (s: string) => parseStraceLine(s, 'log', 7);

describe('the strace parser', () => {
  it('reads a complete call with its pid, arguments and result', () => {
    expect(one('123  openat(AT_FDCWD, "a", O_RDWR|O_CREAT, 0644) = 3')).toEqual({
      kind: 'call',
      line: 7,
      pid: 123,
      name: 'openat',
      args: [
        { kind: 'flags', parts: ['AT_FDCWD'], text: 'AT_FDCWD' },
        { kind: 'str', value: 'a', truncated: false },
        { kind: 'flags', parts: ['O_RDWR', 'O_CREAT'], text: 'O_RDWR|O_CREAT' },
        { kind: 'num', value: 0o644, text: '0644' },
      ],
      ret: { kind: 'value', value: 3, text: '' },
    });
  });

  it('reads an errno result', () => {
    const e = one('5 unlink("x") = -1 ENOENT (No such file or directory)');
    expect(e?.kind === 'call' && e.ret).toEqual({ kind: 'errno', errno: 'ENOENT' });
  });

  it('decodes C escapes and notes a buffer strace truncated', () => {
    const e = one('5 write(1, "a\\n\\t\\x41\\101\\0"..., 100) = 100');
    expect(e?.kind === 'call' && e.args[1]).toEqual({ kind: 'str', value: 'a\n\tAA\0', truncated: true });
  });

  it('pairs <unfinished ...> with <... resumed>', () => {
    const events = parseStrace('9 wait4(10,  <unfinished ...>\n9 <... wait4 resumed>NULL, 0, NULL) = 10\n', 'log');
    expect(events.map((e) => e.kind)).toEqual(['unfinished', 'resumed']);
  });

  it('reads signals, exits and deaths by signal', () => {
    const events = parseStrace(
      '9 --- SIGCHLD {si_signo=SIGCHLD, si_pid=10} ---\n10 +++ exited with 3 +++\n11 +++ killed by SIGPIPE +++\n',
      'log',
    );
    expect(events).toEqual([
      { kind: 'signal', line: 1, pid: 9, signal: 'SIGCHLD' },
      { kind: 'exited', line: 2, pid: 10, status: 3 },
      { kind: 'killed', line: 3, pid: 11, signal: 'SIGPIPE' },
    ]);
  });

  it('reads the line of a task stopped by a signal (a group-stop) as that signal', () => {
    expect(parseStrace('12 --- stopped by SIGSTOP ---\n', 'log')).toEqual([
      { kind: 'signal', line: 1, pid: 12, signal: 'SIGSTOP' },
    ]);
  });

  it('reads structs with nested calls and comments, and umask results in octal', () => {
    const e = one(
      '1 newfstatat(3, "", {st_dev=makedev(0xfe, 0), st_nlink=0, st_atime=1 /* 2026 */, ...}, AT_EMPTY_PATH) = 0',
    );
    expect(e?.kind === 'call' && e.args[2]?.kind).toBe('struct');
    const u = one('1 umask(022) = 022');
    expect(u?.kind === 'call' && u.ret).toEqual({ kind: 'value', value: 0o22, text: '' });
  });

  it('reads -y fd decorations and named arguments', () => {
    const e = one('1 read(3</tmp/x (deleted)>, "", 4) = 0');
    expect(e?.kind === 'call' && e.args[0]).toEqual({ kind: 'fd', fd: 3, path: '/tmp/x (deleted)' });
    const c = one('1 clone(child_stack=NULL, flags=CLONE_FILES|SIGCHLD) = 2');
    expect(c?.kind === 'call' && c.args[1]?.kind).toBe('named');
  });

  it('reads an in/out argument ENTRY => EXIT as its value on entry (clone3 of a thread)', () => {
    const e = parseStraceLine(
      '5044  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_THREAD, child_tid=0x7f2eda5fe990, exit_signal=0, stack=0x7f2ed9dfe000} => {parent_tid=[5085]}, 88) = 5085',
      'f',
      1,
    );
    expect(e?.kind).toBe('call');
    const arg = e?.kind === 'call' ? e.args[0] : undefined;
    expect(arg?.kind).toBe('struct');
    const flags = arg?.kind === 'struct' ? arg.fields['flags'] : undefined;
    expect(flags?.kind === 'flags' ? flags.parts : []).toEqual(['CLONE_VM', 'CLONE_FS', 'CLONE_FILES', 'CLONE_THREAD']);
  });

  it('keeps arguments it cannot decode as raw text', () => {
    const e = one('1 ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)');
    expect(e?.kind === 'call' && e.args[1]).toEqual({ kind: 'raw', text: 'BTRFS_IOC_CLONE or FICLONE' });
  });

  it('refuses a line that is not strace output, naming file and line', () => {
    expect(() => parseStrace('1 open("a", 0) = 3\nhello world\n', 'x.log')).toThrow(InputError);
    expect(() => parseStrace('1 open("a", 0) = 3\nhello world\n', 'x.log')).toThrow(/^x\.log:2: /);
  });
});
