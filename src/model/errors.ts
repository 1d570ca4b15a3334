/**
 * Every error class relinklab throws, in one module at the lowest layer so that any layer can
 * import it. Modelled failures are not here: a syscall's failure is an errno value (fail('EXXX')).
 * The CLI maps these classes to exit statuses (src/cli/exit-status.ts); their names and messages
 * are part of what it prints.
 */

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
