/**
 * The command line's parser for a list of commands: what `main` runs with every command, and the
 * distributed search's job entry (bin.ts) with `dist` alone, so that a job, started once per
 * partition per level, does not load the other commands' modules. Same options, checks and exit
 * statuses either way (test/cli/dist-main.test.ts).
 */
import yargs from 'yargs';
import { InputError } from '../model/errors.js';
import type { CommandContext, MakeCommand } from './commands/command.js';
import { exitStatusFor } from './exit-status.js';
import { EXIT_OK, PROCESS_IO, type Io } from './io.js';

/** The variadic positionals of a command line like 'run <scenarios..>': the only options meant as arrays. */
function variadicNames(command: string): string[] {
  return [...command.matchAll(/[<[]([\w-]+)\.\.[>\]]/g)].map((m) => m[1] ?? '');
}

/**
 * A switch written --name=value takes only true or false: yargs reads "--json=maybe" as false,
 * so a boolean in the parsed arguments where the line gave another value is bad input.
 */
function refuseSwitchValues(argv: readonly string[], a: Readonly<Record<string, unknown>>): void {
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m === null || m[2] === 'true' || m[2] === 'false') continue;
    const parsed = [a[m[1] ?? '']].flat();
    if (parsed.length > 0 && parsed.every((v) => typeof v === 'boolean'))
      throw new InputError(`--${m[1]}`, 0, `takes no value but true or false, not "${m[2]}"`);
  }
}

/**
 * A repeated option takes its last value, as most command-line tools do; yargs makes it an array,
 * which no command expects (the variadic positionals are the only arrays, besides yargs' own '_'
 * and '--', the words after "--").
 */
function lastValues(a: Record<string, unknown>, arrays: readonly string[]): void {
  for (const [k, v] of Object.entries(a))
    if (k !== '_' && k !== '--' && !arrays.includes(k) && Array.isArray(v)) a[k] = v.at(-1);
}

export async function runCommands(
  argv: readonly string[],
  makes: readonly MakeCommand[],
  io: Io = PROCESS_IO,
): Promise<number> {
  let status = EXIT_OK;
  const ctx: CommandContext = {
    io,
    exit: (s) => {
      status = s;
    },
  };
  const commands = makes.map((make) => make(ctx));
  const arrays = commands.flatMap((c) => variadicNames(c.command));
  let parser = yargs([...argv])
    .scriptName('relinklab')
    .usage('$0 <command> [options]');
  for (const c of commands) parser = parser.command(c);
  parser = parser
    .completion('completion', 'print a bash/zsh completion script (source <(relinklab completion))')
    .demandCommand(1, 'name a command (see --help)')
    .middleware((a) => {
      refuseSwitchValues(argv, a);
      lastValues(a, arrays);
    }, true) // before yargs' validation, so that it checks a repeated option's last value
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      if (err !== undefined && err !== null) throw err;
      throw new InputError('relinklab', 0, msg);
    })
    .exitProcess(false);
  try {
    await parser.parseAsync();
    return status;
  } catch (e) {
    return exitStatusFor(e, io);
  }
}
