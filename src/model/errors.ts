/**
 * Every error class relinklab throws, in one module at the lowest layer so that any layer can
 * import it. Modelled failures are not here: a syscall's failure is an errno value (fail('EXXX')).
 * The CLI maps these classes to exit statuses (src/cli/exit-status.ts); their names and messages
 * are part of what it prints.
 */
import type { Errno } from './errno.js';

/** An internal invariant broke: the model's WARN_ON/BUG_ON. Never used for modelled failures. */
export class ModelBug extends Error {
  constructor(message: string) {
    super(`model bug: ${message}`);
    this.name = 'ModelBug';
  }
}

/**
 * A call the model does not cover (a flag, an object or a path it has no state for). Front ends
 * count it as unmodelled instead of guessing an answer; it is not a bug and not bad input.
 */
export class Unmodelled extends Error {
  constructor(message: string) {
    super(`not modelled: ${message}`);
    this.name = 'Unmodelled';
  }
}

/** A call that cannot be made at all: no such task, a task that is not runnable, a pid in use. */
export class NotRunnable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotRunnable';
  }
}

/** A refused checkpoint: the errno it returns and the reason it gives. */
export class CheckpointFailure extends Error {
  constructor(
    readonly errno: Errno,
    readonly reason: string | null = null,
  ) {
    super(reason === null ? errno : `${errno}: ${reason}`);
  }
}

/** A restart that stopped: the errno, the call that returned it, and why when the errno alone does not say. */
export class RestartFailure extends Error {
  constructor(
    readonly errno: Errno,
    readonly call: string,
    readonly reason: string | null = null,
  ) {
    super(`${call}: ${errno}`);
  }
}

/** The longest message detail shown: an error quoting a 200 KB value is still one line (the longest
 * message the project writes, the list of known calls, fits). */
const MAX_ERROR_DETAIL = 1000;

/** One line of at most MAX_ERROR_DETAIL characters, saying how much was left out. */
function oneShortLine(detail: string): string {
  const flat = detail.replace(/\r?\n/g, '\\n');
  if (flat.length <= MAX_ERROR_DETAIL) return flat;
  return `${flat.slice(0, MAX_ERROR_DETAIL - 60)}... (${flat.length} characters)`;
}

/** Bad input: names the file and line; the CLI prints `file:line: message` and exits 2. */
export class InputError extends Error {
  readonly detail: string;
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    const shown = oneShortLine(detail);
    super(`${file}:${line}: ${shown}`);
    this.detail = shown;
    this.name = 'InputError';
  }
}

/** A shard file that cannot be used, named, with why (one line). */
export class ShardFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** A scenario step no kernel can run: lowering a scenario to syscalls stops at its line, saying why. */
export class NotApplicable extends Error {
  constructor(
    readonly line: number,
    why: string,
  ) {
    super(why);
  }
}

/**
 * What went wrong outside the model: a guest kernel that panicked or hung, a tool that is not
 * installed, an executor that died. The CLI prints the first line and the guest's last console
 * lines, and exits with EXIT_INCOMPLETE (3): nothing about the model is known from such a run.
 */
export class GuestError extends Error {
  constructor(
    message: string,
    /** The guest's console tail or the tool's output, for the report. */
    readonly detail = '',
  ) {
    super(message);
  }
}
