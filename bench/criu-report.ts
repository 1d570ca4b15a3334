/** The CRIU section of bench/results.md (bench/criu-bench.ts's figures). */
import type { CriuBench, CriuCell, DiskBytes } from './criu-bench.js';
import type { CriuWay } from './criu-console.js';

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const s = (x: number | null): string => (x === null ? '' : `${x < 10 ? x.toFixed(2) : x.toFixed(1)} s`);
const disk = (d: DiskBytes | null): string => (d === null ? '' : `${n(d.read)} / ${n(d.written)}`);
const size = (mib: number): string => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);
const ratio = (a: number, b: number): string => {
  const r = b / a;
  return `${r >= 100 ? n(r) : r.toPrecision(2)}x`;
};

const WAY: Record<CriuWay, string> = {
  dd: 'dd of the file (baseline)',
  ghost: 'CRIU ghost file (`--ghost-limit 2G`)',
  relink: 'relink + CRIU link remap',
};

function row(c: CriuCell): string {
  return `| ${size(c.mib)} | ${WAY[c.way]} | ${s(c.dumpSeconds)} | ${s(c.dumpSyncSeconds)} | ${s(c.restoreSeconds)} | ${s(c.frozenSeconds)} | ${s(c.criuRestoreSeconds)} | ${c.imageBytes === null ? '' : n(c.imageBytes)} | ${disk(c.dumpDisk)} | ${disk(c.restoreDisk)} |`;
}

/** How each way's dump and image grew from the smallest size to the largest. */
function growth(b: CriuBench): string[] {
  const lo = b.sizesMib[0];
  const hi = b.sizesMib.at(-1);
  if (lo === undefined || hi === undefined || lo === hi) return [];
  const at = (mib: number, way: CriuWay): CriuCell | undefined => b.cells.find((c) => c.mib === mib && c.way === way);
  return (['ghost', 'relink'] as const).flatMap((way) => {
    const a = at(lo, way);
    const z = at(hi, way);
    if (a === undefined || z === undefined) return [];
    return [
      `- ${WAY[way]}, ${size(lo)} to ${size(hi)} (${ratio(lo, hi)} the data): dump ${s(a.dumpSeconds)} to ${s(z.dumpSeconds)} (${ratio(a.dumpSeconds, z.dumpSeconds)}), ` +
        `restore ${s(a.restoreSeconds)} to ${s(z.restoreSeconds)}, frozen ${s(a.frozenSeconds)} to ${s(z.frozenSeconds)}, ` +
        `image ${n(a.imageBytes ?? 0)} to ${n(z.imageBytes ?? 0)} bytes, written by the dump ${n(a.dumpDisk.written)} to ${n(z.dumpDisk.written)} bytes.`,
    ];
  });
}

function limits(b: CriuBench): string {
  const dumped = b.defaultLimits.filter((d) => d.dumped).map((d) => size(d.mib));
  const refused = b.defaultLimits.filter((d) => !d.dumped);
  const why = refused[0]?.why ?? '';
  return (
    `CRIU's default \`--ghost-limit\` (1 MiB), one dump per size: ${dumped.length === 0 ? 'none' : dumped.join(', ')} dumped; ` +
    `${refused.length === 0 ? 'none' : refused.map((d) => size(d.mib)).join(', ')} refused${why === '' ? '' : ` (\`${why}\`)`}.`
  );
}

export function criuSection(b: CriuBench | null): string[] {
  const head = '## CRIU: ghost files against relink + link remap (issue 18)';
  if (b === null) return [head, '', 'Not run (BENCH_CRIU=0 or BENCH_QEMU=0).'];
  return [
    head,
    '',
    `Measured ${b.date} UTC by \`${b.command}\`${b.alone ? ' (this section alone; the rest of the page is from the run dated above)' : ''}, ` +
      `${n(b.seconds)} s, on ${b.machine}: the patched 6.1 with CRIU's options (\`kernel-patches/build.sh --criu\`, ` +
      `${b.kernelImage}; \`uname -r\` ${b.release}), CRIU 3.17.1, in a QEMU guest (TCG, ${b.guest.cpus} CPU, ${n(b.guest.memKib / 1024)} MiB of memory, a ${size(b.guest.diskBytes / 2 ** 20)} ext4 disk). ` +
      `Median of ${b.reps} repetitions per cell. Load before: \`${b.loadBefore}\`; after: \`${b.loadAfter}\`.`,
    '',
    'Each size is one file written by criu-holder, unlinked and held open on /mnt; per repetition, in',
    'this order, dd copies it from /proc/PID/fd/3, CRIU dumps it as a ghost file and restores it, then',
    'relink-action.sh relinks it and CRIU dumps it as a link remap and restores it (kernel-patches/criu/bench.sh).',
    "The page cache is dropped before each command; the disk's bytes (read / written, /sys/block/vda/stat)",
    'count up to the sync after it, which is timed apart. Images are written to the same disk. After',
    'each restore the task reads its whole file back and writes (every check passed, or there would be',
    'no table); relink + link remap gives back the same inode.',
    '',
    '| size | way | dump (dd: copy) | sync after | restore | frozen (CRIU) | restore_time (CRIU) | image bytes | disk read / written, dump | disk read / written, restore |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...b.cells.map(row),
    '',
    ...growth(b),
    '',
    limits(b),
  ];
}
