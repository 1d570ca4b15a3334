// The security alphabet's premises on a real kernel: test/corpus/programs/creds/relink-security.c,
// recorded on this machine (scripts/record-creds.sh relink-security), replayed on the model call
// for call. What each task of src/checker/security-alphabet.ts may do at relink_dir, private and
// careless: root following another user's /proc/PID/fd link, the stranger's EACCES and EPERM, and
// the fs-root helper's capabilities after setresuid(1000, 1000, 0) and setfsuid(0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/trace/strace-parse.js';
import { replayStrace } from '../../src/trace/strace-replay.js';

const LOG = join(import.meta.dirname, '..', 'corpus', 'programs', 'creds', 'relink-security.log');

/** This machine's root: every capability but CAP_SYS_RESOURCE, which its bounding set lacks. */
const HOST_ROOT_CAPS = 0x1fffeffffff;

describe("the security alphabet's premises (relink-security.c on this machine)", () => {
  const text = readFileSync(LOG, 'latin1');
  const report = replayStrace(parseStrace(text, 'relink-security.log'), {
    root: '/tmp/rlroot/creds/relink-security',
    fs: 'ext4',
    kernel: 'mainline',
    fds: [0, 1, 2],
    caps: HOST_ROOT_CAPS,
  });

  it('replays with 0 mismatches, every modelled call inside the root compared', () => {
    expect(report.mismatches).toEqual([]);
    expect(report.unknown).toBe(0);
    expect(report.skippedModelled).toBe(0);
    expect(report.verdict).toBe('clean');
  });

  it("compares the calls the alphabet rests on: each task's linkat, link and rename, the helper's capget", () => {
    const calls = (name: string): number => report.coverage[name]?.calls ?? 0;
    expect(calls('linkat')).toBe(8);
    expect(report.coverage['link']?.errnos).toEqual(['EACCES', 'EPERM']);
    expect(report.coverage['linkat']?.errnos).toEqual(['EACCES', 'ENOENT']);
    expect(calls('rename')).toBe(4);
    expect(calls('capget')).toBe(1);
  });
});
