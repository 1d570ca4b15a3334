#!/usr/bin/env node
// Entry point of ./bin/relinklab: run the command line and exit with its status.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
