#!/usr/bin/env node
// The figures README.md quotes for the strace corpus: every log in test/corpus/strace replayed as
// test/corpus/replay.test.ts does (root /tmp/rlroot/<name>, the stated fds), and the credential
// programs' logs it replays (its CREDS: root /tmp/rlroot/creds/<name>, root's capabilities and the
// kernel variant stated), one line per log and the totals. Run `npm run build` first: this reads dist/.
//   node scripts/corpus-figures.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { parseStrace } = await import(join(repo, 'dist/src/trace/strace-parse.js'));
const { replayStrace } = await import(join(repo, 'dist/src/trace/strace-replay.js'));
const dir = join(repo, 'test/corpus/strace');
/** scripts/record-corpus.sh starts inherited.c with fds 10 and 251 open as well. */
const FDS = { 'inherited.log': [0, 1, 2, 10, 251] };
/** test/corpus/replay.test.ts's CREDS: each credential log replayed, with its kernel variant. */
const CREDS = {
  'access-ids.log': 'mainline',
  'chmod.log': 'mainline',
  'chown.log': 'mainline',
  'killpriv.log': 'mainline',
  'sticky.log': 'mainline',
  'times.log': 'mainline',
  'protected.log': 'mainline',
  'symlinks.log': 'mainline',
  'relink-security.log': 'mainline',
  'flink-dirfd.log': 'mainline-6.10',
  'sgid-dir.log': 'mainline-6.10',
  'flink.log': 'mainline-6.10',
  'setid.log': 'mainline',
  'setid-user.log': 'mainline',
};
const credsDir = join(repo, 'test/corpus/programs/creds');
const logs = [
  ...readdirSync(dir)
    .filter((n) => n.endsWith('.log'))
    .sort()
    .map((f) => ({
      f,
      path: join(dir, f),
      opts: { root: `/tmp/rlroot/${f.replace(/\.log$/, '')}`, kernel: 'mainline' },
    })),
  ...Object.entries(CREDS).map(([f, kernel]) => ({
    f,
    path: join(credsDir, f),
    opts: { root: `/tmp/rlroot/creds/${f.replace(/\.log$/, '')}`, kernel, caps: 0x1fffeffffff },
  })),
];
const total = { calls: 0, mismatched: 0, unknown: 0, outside: 0, skippedModelled: 0, unmodelled: 0 };
const syscalls = new Set();
const errnos = new Set();
for (const { f, path, opts } of logs) {
  const r = replayStrace(parseStrace(readFileSync(path, 'latin1'), f), {
    fs: 'ext4',
    fds: FDS[f] ?? [0, 1, 2],
    ...opts,
  });
  for (const k of Object.keys(total)) total[k] += r[k];
  for (const [call, c] of Object.entries(r.coverage)) {
    syscalls.add(call);
    c.errnos.forEach((e) => errnos.add(e));
  }
  console.log(`${f}: ${r.verdict}, ${r.calls} compared, ${r.mismatched} mismatched, ${r.programs} programs`);
}
console.log(JSON.stringify({ ...total, syscalls: syscalls.size, errnos: errnos.size }));
