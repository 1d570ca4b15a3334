// The mutation score: every seeded bug is found, in some mode, through a general law, and the
// correct series is clean in every mode of the registry, one column each.
import { describe, expect, it } from 'vitest';
import { exhaustive, type Counterexample } from '../../src/checker/search/explore.js';
import { sequenceFindings, type CheckModeEntry } from '../../src/checker/modes/mode.js';
import { CHECK_MODE_REGISTRY, type CheckMode } from '../../src/checker/modes/registry.js';
import { isGeneralLaw, LAWS } from '../../src/invariants/laws.js';
import { mutationRow, runMutation, type MutationArgs } from '../../src/cli/mutation.js';
import { EXIT_FOUND } from '../../src/cli/io.js';
import { SEEDED_BUGS, type SeededBug } from '../../src/model/kernel.js';

const args: MutationArgs = { depth: 5, runs: 1000, seed: 42, json: false };

/** A mode that finds `cx` (or nothing) in every variant, for what the table does with a finding. */
const fixedMode = (name: string, cx: Counterexample | null): CheckModeEntry => ({
  name,
  about: `finds ${cx === null ? 'nothing' : 'one counterexample'}`,
  random: false,
  column: { bounds: (b) => b, describe: () => `${name} fixed` },
  search: (kernel) =>
    Promise.resolve({ kernel, ...sequenceFindings(kernel, cx), millis: 0, lines: () => [], json: () => ({}) }),
});

function capture(): { lines: string[]; io: { out: (l: string) => number; err: (l: string) => number; isTTY: false } } {
  const lines: string[] = [];
  return { lines, io: { out: (l) => lines.push(l), err: (l) => lines.push(l), isTTY: false } };
}

const ALL: readonly CheckMode[] = ['exhaustive', 'random', 'races', 'swarm', 'security'];
/** The security alphabet has no remount, no bind mount, no fifo and no race. */
const BUT_SECURITY: readonly CheckMode[] = ['exhaustive', 'random', 'races', 'swarm'];
/** Swarm's thousand runs, split into twenty searches over parts of the alphabet, miss these. */
const BUT_SWARM: readonly CheckMode[] = ['exhaustive', 'random', 'races', 'security'];
/**
 * Each seeded bug's expectation: the general laws that find it, each with the modes that find it
 * through that law (depth 5, 1,000 random runs, every race schedule, 1,000 swarm runs, the security
 * alphabet to depth 5 from both starts). A new bug needs its line here, and a new mode its name in
 * the lines of the bugs it finds.
 */
const EXPECTED: Record<SeededBug, Readonly<Record<string, readonly CheckMode[]>>> = {
  'relink-option-leak': { refcountLedger: BUT_SECURITY },
  'relink-keeps-orphan': { orphanListIsExact: BUT_SWARM },
  'relink-double-count': { nlinkMatchesNames: BUT_SWARM, orphanListIsExact: BUT_SWARM },
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
  'relink-leaves-linkable': { linkableOnlyUnlinked: BUT_SWARM },
  // The relink into a 0755 relink_dir itself, from the security mode's careless start (the next
  // step, a stranger's open, would break revokedStaysRevoked: test/checker/security-mode.test.ts).
  // Only that alphabet starts with a relink_dir that is not private: the others' are 0700.
  'relink-dir-not-private': { deletedStaysDeleted: ['security'] },
  // Only the security alphabet has a task that may create names in a private relink_dir but may
  // not checkpoint (its fs-root helper); every other alphabet's tasks are root.
  'relink-without-capability': { deletedStaysDeleted: ['security'] },
};

describe('check --mutation', () => {
  it('names each general law once', () => {
    const names = LAWS.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const bug of SEEDED_BUGS) {
    it(`finds ${bug} in at least one mode through a general law, in the modes and by the laws expected`, async () => {
      const row = await mutationRow(bug, args);
      expect(Object.keys(row.foundBy).filter(isGeneralLaw)).not.toEqual([]);
      expect(Object.keys(row.foundBy).filter((l) => !isGeneralLaw(l))).toEqual([]);
      expect(row.foundBy).toEqual(EXPECTED[bug]);
    });
  }

  it('finds nothing in the correct relink series in any mode', async () => {
    const row = await mutationRow('relink', args);
    expect(row.foundBy).toEqual({});
  });

  it('exits 1 when a seeded bug goes unfound, as with searches that see nothing', async () => {
    const { lines, io } = capture();
    const blind = CHECK_MODE_REGISTRY.map((m) => fixedMode(m.name, null));
    expect(await runMutation(args, io, blind)).toBe(EXIT_FOUND);
    expect(lines.join('\n')).toContain('| fifo-relink-drops-buffer | not found |');
  });

  it('has one column, one score and one header phrase per mode, in the order of the modes it runs', async () => {
    const { lines, io } = capture();
    await runMutation(args, io, [fixedMode('first', null), fixedMode('second', null)]);
    expect(lines[0]).toBe('seeded bugs, first fixed, second fixed:');
    expect(lines[1]).toBe('| variant | found by (law: modes) | first | ms | second | ms |');
    expect(lines.at(-1)).toBe(
      `mutation score: first 0/${SEEDED_BUGS.length}, second 0/${SEEDED_BUGS.length}, any mode 0/${SEEDED_BUGS.length}`,
    );
  });

  it('runs every mode of the registry, in its order, when given none', async () => {
    const row = await mutationRow('unlink-orphan-before-drop', args);
    expect(Object.keys(row.cells)).toEqual(CHECK_MODE_REGISTRY.map((m) => m.name));
  });

  it("escapes the bar of a call's flags, so that a counterexample stays in its Markdown cell", async () => {
    const { lines, io } = capture();
    const found = exhaustive('unlink-orphan-before-drop', 2);
    await runMutation(
      args,
      io,
      CHECK_MODE_REGISTRY.map((m) => fixedMode(m.name, found.counterexample)),
    );
    const row = lines.find((l) => l.startsWith('| unlink-orphan-before-drop |')) ?? '';
    expect(row).toContain('2 open("/a", O_RDWR\\|O_CREAT, 0644)');
    expect(row.split(/(?<!\\)\|/).length).toBe((lines[1] ?? '').split('|').length);
  });
});
