#!/usr/bin/env node
// Entry point of ./bin/relinklab: run the command line and exit with its status.
import { main } from './main.js';

// A reader that stops early (`| head`) closes the pipe: later writes fail with EPIPE. The command
// still runs to its end and exits with its own status (a violation found stays exit 1 under
// `set -o pipefail`); only what nobody reads is dropped.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

process.exitCode = await main(process.argv.slice(2));
