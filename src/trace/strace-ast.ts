/**
 * What one line of `strace -f [-v] [-s N] [-y|-yy] -o LOG` says, parsed but not interpreted.
 * The parser (strace-parse.ts) produces these; the replayer (strace-replay.ts) interprets them.
 */

/** An argument or returned value as strace prints it. */
export type StraceValue =
  /** 123, -1, 0644 (octal), 0x1f (hex): the numeric value; `text` keeps the spelling. */
  | { readonly kind: 'num'; readonly value: number; readonly text: string }
  /**
   * "abc\n": the bytes as a latin1 string; `truncated` when strace printed `...` after the closing
   * quote (the real data is longer than -s). `fdPath` is set for -y/-yy decorations `3</path>`.
   */
  | { readonly kind: 'str'; readonly value: string; readonly truncated: boolean }
  /** O_RDWR|O_CREAT, AT_FDCWD, S_IFREG|0644, F_GETFL, SEEK_SET, NULL: symbols joined by '|' and numbers. */
  | { readonly kind: 'flags'; readonly parts: readonly (string | number)[]; readonly text: string }
  /** {st_mode=S_IFREG|0644, st_size=0, ...}; `truncated` when strace elided fields with `...`. */
  | { readonly kind: 'struct'; readonly fields: Readonly<Record<string, StraceValue>>; readonly truncated: boolean }
  /**
   * [3, 4], [{d_ino=...}, ...], [SIGCHLD]; `truncated` on a trailing `...`. `after` is the value on
   * exit of an in/out argument printed `ENTRY => EXIT` (sendfile's offset: `[7] => [10]`).
   */
  | {
      readonly kind: 'array';
      readonly items: readonly StraceValue[];
      readonly truncated: boolean;
      readonly after?: StraceValue;
    }
  /** An fd with a -y/-yy path decoration: 3</tmp/x>. */
  | { readonly kind: 'fd'; readonly fd: number; readonly path: string }
  /** makedev(0x8, 0x1) and other calls-in-arguments: name and arguments. */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly StraceValue[] }
  /** A named argument, as strace prints some: clone(child_stack=NULL, flags=...). */
  | { readonly kind: 'named'; readonly name: string; readonly value: StraceValue }
  /** Anything else, kept verbatim (addresses like 0x7ffd..., `~[RTMIN RT_1]`, comments). */
  | { readonly kind: 'raw'; readonly text: string };

/** What a finished call returned. */
export type StraceReturn =
  | { readonly kind: 'value'; readonly value: number; readonly text: string }
  /** = -1 ENOENT (No such file or directory) */
  | { readonly kind: 'errno'; readonly errno: string }
  /** = ? (e.g. exit_group, or a call interrupted by the process' death) */
  | { readonly kind: 'unknown' };

export type StraceEvent =
  /** A complete call: `pid name(args) = ret`. */
  | {
      readonly kind: 'call';
      readonly line: number;
      readonly pid: number;
      readonly name: string;
      readonly args: readonly StraceValue[];
      readonly ret: StraceReturn;
    }
  /** `pid name(args <unfinished ...>`: the call entered the kernel; args may be partial. */
  | {
      readonly kind: 'unfinished';
      readonly line: number;
      readonly pid: number;
      readonly name: string;
      readonly args: readonly StraceValue[];
    }
  /** `pid <... name resumed>rest) = ret`: the rest of the args (output args) and the result. */
  | {
      readonly kind: 'resumed';
      readonly line: number;
      readonly pid: number;
      readonly name: string;
      readonly args: readonly StraceValue[];
      readonly ret: StraceReturn;
    }
  /** `pid --- SIGCHLD {si_signo=...} ---` */
  | { readonly kind: 'signal'; readonly line: number; readonly pid: number; readonly signal: string }
  /** `pid +++ exited with 0 +++` */
  | { readonly kind: 'exited'; readonly line: number; readonly pid: number; readonly status: number }
  /** `pid +++ killed by SIGKILL +++` */
  | { readonly kind: 'killed'; readonly line: number; readonly pid: number; readonly signal: string };
