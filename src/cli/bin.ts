#!/usr/bin/env node
// Entry point of ./bin/relinklab: run the command line and exit with its status. `dist` loads its
// own command alone (dist-main.ts): its jobs are started once per partition per level.

// A reader that stops early (`| head`) closes the pipe: later writes fail with EPIPE. The command
// still runs to its end and exits with its own status (a violation found stays exit 1 under
// `set -o pipefail`); only what nobody reads is dropped.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

const argv = process.argv.slice(2);
process.exitCode =
  argv[0] === 'dist'
    ? await (await import('./dist-main.js')).distMain(argv)
    : await (await import('./main.js')).main(argv);
