/**
 * What a command module is: yargs' CommandModule, made for one run of `main`, whose handler writes
 * to that run's Io and hands back its exit status (main returns it; nothing calls process.exit).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Io } from '../io.js';

export interface CommandContext {
  readonly io: Io;
  /** The status the command ends with (docs/exit-status.md). */
  readonly exit: (status: number) => void;
}

/**
 * A command with its builder and handler written as methods: TypeScript compares a method's
 * parameters both ways, so modules declaring different options fit in main's one list.
 */
export interface Command<A> extends CommandModule<object, A> {
  readonly command: string;
  readonly describe: string;
  builder(y: Argv): Argv<A>;
  handler(args: ArgumentsCamelCase<A>): void | Promise<void>;
}

export type MakeCommand = (ctx: CommandContext) => Command<unknown>;

/** The options a builder declares, as yargs infers them. */
export type OptionsOf<B extends (y: Argv) => Argv<unknown>> = ReturnType<B> extends Argv<infer A> ? A : never;
