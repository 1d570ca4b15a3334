// The CRIU bench's reading of the guest (bench/criu-console.ts, criu-stats.ts, criu-bench.ts): the
// console is real, recorded by RELINKLAB_CONSOLE from `scripts/criu-guest.sh patched
// check,ghost,relink,bench` with RELINKLAB_CRIU_BENCH=1,16:1 (consoles/criu-bench-1-16.log); the
// stats images are CRIU 3.17's bytes from such a run. A test that changes one line of the console
// says which fact that line is the proof of.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criuCells, criuConsoleProblem } from '../../bench/criu-bench.js';
import { parseCriuConsole } from '../../bench/criu-console.js';
import { criuSection } from '../../bench/criu-report.js';
import { dumpStats, restoreStats } from '../../bench/criu-stats.js';
import { median } from '../../bench/measure.js';
import { GuestError } from '../../src/model/errors.js';

const recorded = readFileSync(join(import.meta.dirname, 'consoles', 'criu-bench-1-16.log'), 'utf8');
const SIZES = [1, 16];
const REPS = 1;

/** The console with the first line containing `has` changed by `edit`. */
function edited(has: string, edit: (line: string) => string): string {
  const lines = recorded.split('\n');
  const at = lines.findIndex((l) => l.includes(has));
  expect(at, has).toBeGreaterThanOrEqual(0);
  lines[at] = edit(lines[at] ?? '');
  return lines.join('\n');
}
const problem = (text: string): string | null => criuConsoleProblem(parseCriuConsole(text), SIZES, REPS);

describe("CRIU's stats images", () => {
  it('give the dump timings of stats-dump (microseconds) as CRIU 3.17 wrote them', () => {
    const hex = '4059105506330957250000000a2308c03e10f1ad101882fa0120817d2896023000381f4000480050035803600068007000';
    expect(dumpStats(hex)).toEqual({
      freezingUs: 8000,
      frozenUs: 268017,
      memdumpUs: 32002,
      memwriteUs: 16001,
      pagesScanned: 278,
      pagesWritten: 31,
    });
  });

  it('give the restore timings of stats-restore', () => {
    expect(restoreStats('40591055063309570e000000120c08001000180020eeb60d281f')).toEqual({
      forkingUs: 0,
      restoreUs: 220014,
    });
  });

  it('refuse an image that is not a stats image, or is cut short', () => {
    expect(() => restoreStats('40591055063309580e000000120c08001000180020eeb60d281f')).toThrow(GuestError);
    expect(() => restoreStats('40591055063309570e000000120c08001000180020eeb60d')).toThrow(GuestError);
  });

  it('refuse a restore image read as a dump image', () => {
    expect(() => dumpStats('40591055063309570e000000120c08001000180020eeb60d281f')).toThrow(/no dump entry/);
  });
});

describe('the recorded CRIU bench console', () => {
  const c = parseCriuConsole(recorded);

  it('is accepted: criu check passed, every run succeeded, every restored task read its data', () => {
    expect(problem(recorded)).toBeNull();
    expect(c.release).toMatch(/^6\.1\./);
  });

  it('has five timed runs and two checks per size and repetition, and CRIU stats for every dump and restore', () => {
    expect(c.runs).toHaveLength(SIZES.length * REPS * 5);
    expect(c.checks).toHaveLength(SIZES.length * REPS * 2);
    const criu = c.runs.filter((r) => r.way !== 'dd');
    expect(criu.every((r) => (r.phase === 'dump' ? r.dumpStats !== null : r.restoreStats !== null))).toBe(true);
  });

  it('has CRIU frozen no longer than its dump took', () => {
    for (const r of c.runs.filter((x) => x.phase === 'dump')) {
      expect(r.dumpStats?.frozenUs ?? Infinity).toBeLessThanOrEqual(r.seconds * 1e6);
    }
  });

  it("records that CRIU's default --ghost-limit dumps 1 MiB and refuses 16 MiB", () => {
    expect(c.defaultLimits.map((d) => [d.mib, d.dumped])).toEqual([
      [1, true],
      [16, false],
    ]);
    expect(c.defaultLimits[1]?.why).toContain("Can't dump ghost file");
  });

  it('gives each cell the median of its repetitions', () => {
    // Repetitions 2 and 3: repetition 1's run lines with their times scaled by 3 and by 0.5.
    const again = (rep: number, k: number): string[] =>
      recorded
        .split('\n')
        .filter((l) => l.startsWith('RLX-CRIU bench run ') && l.includes(' rep=1 '))
        .map((l) =>
          l.replace(' rep=1 ', ` rep=${rep} `).replace(/ ns=(\d+)/, (_, x: string) => ` ns=${Number(x) * k}`),
        );
    const three = parseCriuConsole([recorded, ...again(2, 3), ...again(3, 0.5)].join('\n'));
    const dumps = three.runs.filter((r) => r.mib === 16 && r.way === 'ghost' && r.phase === 'dump');
    const cell = criuCells(three, SIZES).find((x) => x.mib === 16 && x.way === 'ghost');
    expect(dumps).toHaveLength(3);
    expect(cell?.dumpSeconds).toBe(dumps[0]?.seconds);
    expect(cell?.dumpSeconds).toBe(median(dumps.map((r) => r.seconds)));
  });

  it('renders one row per size and way, and the default limit', () => {
    const cells = criuCells(c, SIZES);
    const guest = c.guest;
    if (guest === null) throw new Error('the recorded console has no guest line');
    const text = criuSection({
      date: '2026-12-05 09:00',
      command: 'npm run bench',
      alone: false,
      machine: '2 cores',
      loadBefore: 'load average: 1',
      loadAfter: 'load average: 2',
      release: c.release,
      kernelImage: '/var/cache/relinklab/kernel/x/bzImage',
      guest,
      sizesMib: SIZES,
      reps: REPS,
      seconds: 1,
      cells,
      defaultLimits: c.defaultLimits,
      runs: c.runs,
    }).join('\n');
    expect(text.split('\n').filter((l) => /^\| (1|16) MiB/.test(l))).toHaveLength(6);
    expect(text).toContain('1 MiB dumped; 16 MiB refused');
  });
});

describe('a CRIU bench console is refused', () => {
  it('when criu check did not pass', () => {
    expect(problem(edited('RLX-CRIU check ok', () => 'RLX-CRIU check fail'))).toMatch(/criu check/);
  });

  it('when the bench did not finish', () => {
    expect(problem(edited('RLX-CRIU bench done', () => ''))).toBe('the bench did not finish');
  });

  it('when a restore failed', () => {
    const text = edited('way=ghost phase=restore ok=yes', (l) => l.replace('ok=yes', 'ok=no'));
    expect(problem(text)).toBe('1 MiB, repetition 1: ghost restore failed');
  });

  it('when a run is missing', () => {
    expect(problem(edited('mib=16 rep=1 way=dd', () => ''))).toBe('16 MiB, repetition 1: a run is missing');
  });

  it('when a restored task read wrong data', () => {
    const text = edited('bench check mib=16 rep=1 way=relink', (l) => l.replace('data=ok', 'data=bad'));
    expect(problem(text)).toMatch(/^16 MiB, repetition 1: after the relink restore/);
  });

  it('when CRIU copied a ghost file although the file was relinked', () => {
    const text = edited('way=relink phase=dump', (l) => l.replace('ghosts=0', 'ghosts=1'));
    expect(problem(text)).toMatch(/CRIU copied a ghost file/);
  });

  it('when the relinked names outlive the restore', () => {
    const text = edited('way=relink phase=restore', (l) => l.replace('names_left=0', 'names_left=1'));
    expect(problem(text)).toMatch(/relinked names or link_remap files left/);
  });

  it('when relink + link remap restored another inode', () => {
    const text = edited('bench check mib=1 rep=1 way=relink', (l) => l.replace(/ gen=(\d+)/, ' gen=1$1'));
    expect(problem(text)).toBe('1 MiB, repetition 1: relink + link remap restored another inode');
  });

  it('when a line does not read as its kind says', () => {
    expect(() => parseCriuConsole('RLX-CRIU bench run mib=1 rep=1 way=cp phase=copy')).toThrow(GuestError);
  });
});
