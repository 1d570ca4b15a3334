// The random traces the QEMU cross-check runs: they must reach the states the series is about.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { castDraft } from 'immer';
import { describe, expect, it } from 'vitest';
import { randomTraces, RELINK_SETUP } from '../../src/crosscheck/gen.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { fdLookup } from '../../src/ops/vfs/fdtable.js';
import { Unmodelled } from '../../src/model/errors.js';
import { step } from '../../src/ops/run/step.js';
import { ROOT_DEVICE } from '../../src/ops/vfs/super.js';
import type { Syscall } from '../../src/model/syscall/syscall.js';
import { MS_REMOUNT } from '../../src/model/flags.js';
import type { MountableFsType } from '../../src/model/fstype.js';
import type { World } from '../../src/model/world.js';

/** Successful relinks (linkat AT_EMPTY_PATH of an fd whose inode has i_nlink 0), by file type. */
function relinksOfUnlinkedFiles(traces: readonly ReturnType<typeof randomTraces>[number][]): {
  reg: number;
  fifo: number;
} {
  const n = { reg: 0, fifo: 0 };
  for (const t of traces) {
    let w: World = bootWorld({ kernel: 'relink', rootFs: 'ext4', outsideFds: [0, 1, 2] });
    for (const sc of t) {
      const file = sc.call === 'linkat' ? fdLookup(castDraft(w), 1, sc.olddirfd) : null;
      const inode = file === null ? undefined : w.inodes[w.dentries[w.files[file]?.f_path.dentry ?? -1]?.d_inode ?? -1];
      const s = step(w, 1, sc);
      if (inode !== undefined && inode.i_nlink === 0 && s.result.ok)
        n[(inode.i_mode & 0o170000) === 0o010000 ? 'fifo' : 'reg'] += 1;
      w = s.world;
    }
  }
  return n;
}

describe('random cross-check traces', () => {
  it('are reproducible from their seed', () => {
    expect(randomTraces(5, 30, 11, true)).toEqual(randomTraces(5, 30, 11, true));
  });

  it('have the requested length and start by setting relink_dir when relinking', () => {
    for (const t of randomTraces(20, 30, 3, true)) {
      expect(t).toHaveLength(30);
      expect(t.slice(0, RELINK_SETUP.length)).toEqual(RELINK_SETUP);
    }
  });

  it('relink open regular files and fifos whose last name is gone', () => {
    const n = relinksOfUnlinkedFiles(randomTraces(100, 30, 2026, true));
    expect(n.reg).toBeGreaterThan(10);
    expect(n.fifo).toBeGreaterThan(10);
  });
});

/** The answers the relink-series model gives to the relink= calls of `traces`, as "what: answer" counts. */
function relinkOptionAnswers(traces: readonly Syscall[][], fs: MountableFsType): Map<string, number> {
  const n = new Map<string, number>();
  const add = (k: string): void => void n.set(k, (n.get(k) ?? 0) + 1);
  for (const t of traces) {
    let w: World = bootWorld({ kernel: 'relink', rootFs: fs, outsideFds: [0, 1, 2] });
    for (const sc of t) {
      const before = w.superblocks[w.mounts[w.tasks[1]?.root.mnt ?? -1]?.mnt_sb ?? -1]?.s_relink_dir ?? null;
      let s: ReturnType<typeof step>;
      try {
        s = step(w, 1, sc);
      } catch (e) {
        if (e instanceof Unmodelled) break; // the cross-check stops comparing there too
        throw e;
      }
      w = s.world;
      const answer = s.result.ok ? 'ok' : s.result.errno;
      const after = w.superblocks[w.mounts[w.tasks[1]?.root.mnt ?? -1]?.mnt_sb ?? -1]?.s_relink_dir ?? null;
      if (sc.call === 'mount' && sc.data.startsWith('relink')) {
        const kind = sc.flags === MS_REMOUNT ? 'remount' : sc.source === ROOT_DEVICE ? 'device' : 'tmpfs';
        add(`${kind} ${answer}`);
        if (s.result.ok && before !== null && after !== before)
          add(`${kind} ${after === null ? 'cleared' : 'replaced'}`);
      }
      if (sc.call === 'umount2' && s.result.ok && after !== null) add('umount while set');
      if (sc.call === 'rename' && s.result.ok && after !== null && sc.oldpath === 'ckpt') add('relink_dir renamed');
      if (sc.call === 'rmdir' && s.result.ok && after !== null && w.dentries[after]?.d_unhashed === true)
        add('relink_dir removed');
    }
  }
  return n;
}

describe('random cross-check traces: every path of the relink= option', () => {
  it('ext4, 200 traces as CI runs them: new mounts of the trace device succeed and fail with each errno', () => {
    const n = relinkOptionAnswers(randomTraces(200, 30, 2026, true, 'ext4'), 'ext4');
    for (const k of ['device ok', 'device ENOENT', 'device ENOTDIR', 'device EINVAL', 'remount ENOTDIR'])
      expect(n.get(k) ?? 0, k).toBeGreaterThan(1);
  });

  it('ext4, 200 traces: remounts and new mounts replace and clear relink_dir', () => {
    const n = relinkOptionAnswers(randomTraces(200, 30, 2026, true, 'ext4'), 'ext4');
    for (const k of ['remount replaced', 'remount cleared', 'device replaced', 'device cleared'])
      expect(n.get(k) ?? 0, k).toBeGreaterThan(0);
  });

  it('ext4 and btrfs (48 traces): unmounts while relink_dir is set, relink_dir renamed and removed', () => {
    for (const [fs, count] of [
      ['ext4', 200],
      ['btrfs', 48],
    ] as const) {
      const n = relinkOptionAnswers(randomTraces(count, 30, 2026, true, fs), fs);
      for (const k of ['umount while set', 'relink_dir renamed', 'relink_dir removed'])
        expect(n.get(k) ?? 0, `${fs} ${k}`).toBeGreaterThan(0);
    }
  });

  it('btrfs, 48 traces: new mounts of the trace device succeed, are refused as ext4 (EBUSY), and remounts replace relink_dir', () => {
    // The rest of btrfs's paths are scenarios/relink-option/new-mount-values-btrfs.yaml.
    const n = relinkOptionAnswers(randomTraces(48, 30, 2026, true, 'btrfs'), 'btrfs');
    for (const k of ['device ok', 'device EBUSY', 'remount replaced']) expect(n.get(k) ?? 0, k).toBeGreaterThan(0);
  });

  it('tmpfs: relink= is refused as an unknown option (EINVAL) on new mounts and remounts', () => {
    const n = relinkOptionAnswers(randomTraces(48, 30, 2026, true, 'tmpfs'), 'tmpfs');
    expect(n.get('remount EINVAL') ?? 0).toBeGreaterThan(10);
    expect(n.get('device EINVAL') ?? 0).toBeGreaterThan(10);
    expect(n.get('device ok') ?? 0).toBe(0);
  });
});

describe('random cross-check traces: relink= through fsopen and fsconfig', () => {
  it('every other trace opens fs contexts, and fsconfig of relink is refused or, on mainline btrfs, taken', () => {
    const traces = randomTraces(200, 30, 2026, true, 'ext4');
    const answers = (kernel: string): string[] =>
      traces.flatMap((t) => {
        let w: World = bootWorld({ kernel, rootFs: 'ext4', outsideFds: [0, 1, 2] });
        const out: string[] = [];
        for (const sc of t) {
          let s: ReturnType<typeof step>;
          try {
            s = step(w, 1, sc);
          } catch (e) {
            if (e instanceof Unmodelled) break;
            throw e;
          }
          w = s.world;
          if (sc.call === 'fsconfig' && sc.key === 'relink') out.push(s.result.ok ? 'ok' : s.result.errno);
        }
        return out;
      });
    expect(answers('relink').filter((a) => a === 'EINVAL').length).toBeGreaterThan(10);
    expect(answers('relink')).not.toContain('ok');
    expect(answers('mainline')).toContain('ok');
  });
});

describe('random cross-check traces: the executor runs every call they make', () => {
  it('each call name of the relink traces on every file system is one kernel-patches/executor/relink-exec.c runs', () => {
    const source = readFileSync(
      join(import.meta.dirname, '..', '..', 'kernel-patches', 'executor', 'relink-exec.c'),
      'utf8',
    );
    const calls = new Set(
      (['ext4', 'btrfs', 'tmpfs'] as const).flatMap((fs) =>
        randomTraces(200, 30, 2026, true, fs)
          .flat()
          .map((sc) => sc.call),
      ),
    );
    for (const c of ['fsopen', 'fsconfig', 'fsmount', 'mount', 'umount2']) expect(calls).toContain(c);
    expect([...calls].filter((c) => !source.includes(`!strcmp(c, "${c}")`))).toEqual([]);
  });
});
