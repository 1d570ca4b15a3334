// Replaying a few strace lines as a program started in /tmp/t with fds 0-2 (stated, so nothing
// is inferred): what most replay specifications need.
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace, type ReplayReport } from '../../src/trace/strace-replay.js';

export function replayLines(lines: readonly string[]): ReplayReport {
  return replayStrace(parseStrace(`${lines.join('\n')}\n`, 'test.log'), {
    root: '/tmp/t',
    fs: 'ext4',
    kernel: 'mainline',
    fds: [0, 1, 2],
  });
}
