// The mutation score: every seeded bug is found, in some mode, through a general law, and the
// correct series is clean in all three modes.
import { describe, expect, it } from 'vitest';
import { exhaustive, random } from '../../src/checker/search/explore.js';
import { isGeneralLaw, LAWS } from '../../src/invariants/laws.js';
import { mutationRow, runMutation, type MutationArgs } from '../../src/cli/mutation.js';
import { EXIT_FOUND } from '../../src/cli/io.js';
import { SEEDED_BUGS, type SeededBug } from '../../src/model/kernel.js';
import type { CheckMode } from '../../src/checker/modes.js';

const args: MutationArgs = { depth: 5, runs: 1000, seed: 42, json: false };
const once = (kernel: string, mode: 'exhaustive' | 'random') =>
  mode === 'exhaustive' ? exhaustive(kernel, args.depth) : random(kernel, args.runs, args.seed);

const ALL: readonly CheckMode[] = ['exhaustive', 'random', 'races'];
/**
 * Each seeded bug's expectation: the general laws that find it, each with the modes that find it
 * through that law (depth 5, 1,000 random runs, every race schedule). A new bug needs its line here.
 */
const EXPECTED: Record<SeededBug, Readonly<Record<string, readonly CheckMode[]>>> = {
  'relink-option-leak': { refcountLedger: ALL },
  'relink-keeps-orphan': { orphanListIsExact: ALL },
  'relink-double-count': { nlinkMatchesNames: ALL, orphanListIsExact: ALL },
  'relink-no-recheck': { deletedStaysDeleted: ['races'] },
  'relink-cross-mount': { newNamesInsideSourceMount: ['exhaustive', 'random'] },
  'fifo-relink-drops-buffer': { contentsChangeOnlyThroughData: ['exhaustive'] },
  'cleanup-wrong-name': { flowChangesOnlyItsFiles: ['races'] },
  'relink-missing-lock': { deadDirsAreEmpty: ['races'] },
  'relink-falls-back-to-link': { deletedStaysDeleted: ALL },
  'link-nlink-lost-update': { nlinkMatchesNames: ['races'] },
  'unlink-orphan-before-drop': { orphanListIsExact: ALL },
  'relink-mount-holds-s-umount': { deadlock: ['races'] },
  // Found only while the relinked name exists: once it is unlinked, the inode looks like an
  // O_TMPFILE one, which deletedStaysDeleted lets be linked anywhere.
  'relink-leaves-linkable': { linkableOnlyUnlinked: ALL },
};

describe('check --mutation', () => {
  it('names each general law once', () => {
    const names = LAWS.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const bug of SEEDED_BUGS) {
    it(`finds ${bug} in at least one mode through a general law, in the modes and by the laws expected`, () => {
      const row = mutationRow(bug, once);
      expect(Object.keys(row.foundBy).filter(isGeneralLaw)).not.toEqual([]);
      expect(Object.keys(row.foundBy).filter((l) => !isGeneralLaw(l))).toEqual([]);
      expect(row.foundBy).toEqual(EXPECTED[bug]);
    });
  }

  it('finds nothing in the correct relink series in any mode', () => {
    const row = mutationRow('relink', once);
    expect(row.foundBy).toEqual({});
  });

  it('exits 1 when a seeded bug goes unfound, as with exhaustive and random searches that see nothing', () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), isTTY: false };
    const blind = () => ({ counterexample: null, millis: 0 });
    expect(runMutation(args, io, blind)).toBe(EXIT_FOUND);
    expect(lines.join('\n')).toContain('| fifo-relink-drops-buffer | not found |');
  });

  it("escapes the bar of a call's flags, so that a counterexample stays in its Markdown cell", () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), isTTY: false };
    const found = exhaustive('unlink-orphan-before-drop', 2);
    runMutation(args, io, () => ({ counterexample: found.counterexample, millis: 0 }));
    const row = lines.find((l) => l.startsWith('| unlink-orphan-before-drop |')) ?? '';
    expect(row).toContain('2 open("/a", O_RDWR\\|O_CREAT, 0644)');
    expect(row.split(/(?<!\\)\|/).length).toBe(
      '| variant | found by (law: modes) | exhaustive | ms | random | ms | races | ms |'.split('|').length,
    );
  });
});
