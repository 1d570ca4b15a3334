// Logs recorded on this machine's kernel for what the fuzzers found, replayed on the model: the
// model must answer each call as Linux did (test/robust/logs/*.c are the programs, built with
// gcc -static and run under `env -i strace -f -v -s 256` in an empty /tmp/rlroot/NAME).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace } from '../../src/trace/strace-replay.js';

const replay = (name: string) =>
  replayStrace(parseStrace(readFileSync(join(import.meta.dirname, 'logs', `${name}.log`), 'latin1'), name), {
    root: `/tmp/rlroot/${name}`,
    fds: [0, 1, 2],
    fs: 'ext4',
    kernel: 'mainline',
  });

describe('recorded logs', () => {
  it('a creat of a fifo sleeps until a reader opens, then returns its fd (creat-fifo.c)', () => {
    const r = replay('creat-fifo');
    expect(r.mismatches).toEqual([]);
    expect(r.verdict).toBe('clean');
    expect(r.coverage['creat']?.calls).toBe(1);
  });
});
