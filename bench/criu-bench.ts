/**
 * The seed's claim against the real tool (issue 18): CRIU 3.17's ghost files against relink +
 * CRIU's link remap, and a dd of the same file as the baseline, for unlinked files of several
 * sizes, all on the patched 6.1 with CRIU's options (kernel-patches/build.sh --criu) under QEMU.
 * scripts/criu-guest.sh runs kernel-patches/criu/bench.sh in the guest; this module accepts its
 * figures only when every run succeeded and every restored task read its data back, and gives
 * the median of the repetitions per size and way.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { GuestError } from '../src/model/errors.js';
import { packageFile } from '../src/crosscheck/package-root.js';
import {
  parseCriuConsole,
  CRIU_WAYS,
  type CriuConsole,
  type CriuGuest,
  type CriuRun,
  type CriuWay,
  type DefaultLimit,
} from './criu-console.js';
import { median } from './measure.js';

export const CRIU_SIZES_MIB: readonly number[] = [1, 16, 256, 1024];

/** Bytes the disk saw, from /sys/block/vda/stat. */
export interface DiskBytes {
  readonly read: number;
  readonly written: number;
}

/** One size and one way: the median of its repetitions, figure by figure. */
export interface CriuCell {
  readonly mib: number;
  readonly way: CriuWay;
  /** criu dump's wall time (dd: the copy's), and the sync after it. */
  readonly dumpSeconds: number;
  readonly dumpSyncSeconds: number;
  /** null for dd, which has no restore. */
  readonly restoreSeconds: number | null;
  /** CRIU's own: stats-dump's frozen_time, stats-restore's restore_time. */
  readonly frozenSeconds: number | null;
  readonly criuRestoreSeconds: number | null;
  readonly imageBytes: number | null;
  readonly ghostBytes: number | null;
  readonly dumpDisk: DiskBytes;
  readonly restoreDisk: DiskBytes | null;
}

export interface CriuBench {
  readonly date: string;
  /** The command that produced these figures, as the reader would type it. */
  readonly command: string;
  /** Measured by itself (BENCH_ONLY=criu), after the run the rest of results.md comes from. */
  readonly alone: boolean;
  readonly machine: string;
  /** `uptime` on the host before and after: other engineers' QEMU and tests share the cores. */
  readonly loadBefore: string;
  readonly loadAfter: string;
  /** The guest's uname -r and the kernel image (its cache hash names its inputs). */
  readonly release: string;
  readonly kernelImage: string;
  readonly guest: CriuGuest;
  readonly sizesMib: readonly number[];
  readonly reps: number;
  readonly seconds: number;
  readonly cells: readonly CriuCell[];
  readonly defaultLimits: readonly DefaultLimit[];
  /** Every run, as the guest printed it. */
  readonly runs: readonly CriuRun[];
}

/** Why these figures cannot be reported, or null: every cell complete, every check passed. */
export function criuConsoleProblem(c: CriuConsole, sizesMib: readonly number[], reps: number): string | null {
  if (!c.checkOk) return 'criu check did not pass, so nothing was measured';
  if (c.failures.length > 0) return c.failures[0] ?? '';
  if (!c.done) return 'the bench did not finish';
  if (c.guest === null) return 'the guest did not say what it was given';
  for (const mib of sizesMib) {
    if (!c.defaultLimits.some((d) => d.mib === mib)) return `${mib} MiB: no dump with the default --ghost-limit`;
    for (let rep = 1; rep <= reps; rep++) {
      const at = `${mib} MiB, repetition ${rep}`;
      const get = (way: CriuWay, phase: CriuRun['phase']): CriuRun | undefined =>
        c.runs.find((r) => r.mib === mib && r.rep === rep && r.way === way && r.phase === phase);
      const wanted = [get('dd', 'copy'), get('ghost', 'dump'), get('ghost', 'restore')];
      const relink = [get('relink', 'dump'), get('relink', 'restore')];
      const runs = [...wanted, ...relink];
      if (runs.some((r) => r === undefined)) return `${at}: a run is missing`;
      const failed = runs.find((r) => r !== undefined && !r.ok);
      if (failed !== undefined) return `${at}: ${failed.way} ${failed.phase} failed`;
      const [, ghostDump] = wanted;
      const [relinkDump, relinkRestore] = relink;
      if (ghostDump?.image?.ghostFiles !== 1 || ghostDump.image.ghostBytes < mib * 2 ** 20)
        return `${at}: the ghost dump did not copy the file into one ghost file`;
      if (relinkDump?.image?.ghostFiles !== 0) return `${at}: CRIU copied a ghost file though the file was relinked`;
      if (relinkRestore?.left?.names !== 0 || relinkRestore.left.remaps !== 0)
        return `${at}: relinked names or link_remap files left after the restore`;
      const checks = CRIU_WAYS.flatMap((w) => c.checks.filter((k) => k.mib === mib && k.rep === rep && k.way === w));
      const [ghost, rel] = checks;
      if (checks.length !== 2 || ghost === undefined || rel === undefined) return `${at}: not one check per restore`;
      const bad = checks.find((k) => !k.dataOk || !k.writeOk || k.nlink !== 0);
      if (bad !== undefined)
        return `${at}: after the ${bad.way} restore the task read or wrote wrong data, or the file had a name`;
      if (rel.ino !== ghost.ino || rel.gen !== ghost.gen) return `${at}: relink + link remap restored another inode`;
    }
  }
  return null;
}

const med = (rs: readonly CriuRun[], f: (r: CriuRun) => number): number => median(rs.map(f));
const medOrNull = (rs: readonly CriuRun[], f: (r: CriuRun) => number | undefined): number | null => {
  const xs = rs.map(f).filter((x): x is number => x !== undefined);
  return xs.length === rs.length && xs.length > 0 ? median(xs) : null;
};

/** The medians per size and way of a console criuConsoleProblem accepted. */
export function criuCells(c: CriuConsole, sizesMib: readonly number[]): CriuCell[] {
  return sizesMib.flatMap((mib) =>
    CRIU_WAYS.map((way): CriuCell => {
      const dumps = c.runs.filter((r) => r.mib === mib && r.way === way && r.phase !== 'restore');
      const restores = c.runs.filter((r) => r.mib === mib && r.way === way && r.phase === 'restore');
      return {
        mib,
        way,
        dumpSeconds: med(dumps, (r) => r.seconds),
        dumpSyncSeconds: med(dumps, (r) => r.syncSeconds),
        restoreSeconds: medOrNull(restores, (r) => r.seconds),
        frozenSeconds: medOrNull(dumps, (r) => (r.dumpStats === null ? undefined : r.dumpStats.frozenUs / 1e6)),
        criuRestoreSeconds: medOrNull(restores, (r) =>
          r.restoreStats === null ? undefined : r.restoreStats.restoreUs / 1e6,
        ),
        imageBytes: medOrNull(dumps, (r) => r.image?.bytes),
        ghostBytes: medOrNull(dumps, (r) => r.image?.ghostBytes),
        dumpDisk: { read: med(dumps, (r) => r.readBytes), written: med(dumps, (r) => r.writtenBytes) },
        restoreDisk:
          restores.length === 0
            ? null
            : { read: med(restores, (r) => r.readBytes), written: med(restores, (r) => r.writtenBytes) },
      };
    }),
  );
}

const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();

/**
 * Boot the CRIU guest on the patched kernel with `check,bench` and read its figures. Throws a
 * GuestError when the guest failed or printed anything criuConsoleProblem refuses.
 */
export function benchCriu(
  sizesMib: readonly number[],
  reps: number,
  run: { readonly command: string; readonly alone: boolean; readonly machine: string },
): CriuBench {
  const loadBefore = uptime();
  const t0 = performance.now();
  const script = packageFile('scripts/criu-guest.sh');
  const r = spawnSync(script, ['patched', 'check,bench'], {
    env: { ...process.env, RELINKLAB_CRIU_BENCH: `${sizesMib.join(',')}:${reps}` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new GuestError(`scripts/criu-guest.sh patched check,bench exited ${String(r.status)}`, r.stdout.slice(-4000));
  const c = parseCriuConsole(r.stdout);
  const problem = criuConsoleProblem(c, sizesMib, reps);
  if (problem !== null || c.guest === null)
    throw new GuestError(`CRIU bench: ${problem ?? 'no guest line'}`, r.stdout.slice(-4000));
  const kernelImage = execFileSync(packageFile('kernel-patches/build.sh'), ['--criu'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    ...run,
    loadBefore,
    loadAfter: uptime(),
    release: c.release,
    kernelImage,
    guest: c.guest,
    sizesMib,
    reps,
    seconds,
    cells: criuCells(c, sizesMib),
    defaultLimits: c.defaultLimits,
    runs: c.runs,
  };
}
