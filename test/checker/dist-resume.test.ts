// A distributed search survives killed jobs (run again, they give the same answer) and skips
// finished ones; a directory that is incomplete or mixes two searches is refused in one line.
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../src/checker/search/dist-collect.js';
import { doneFile, inboxFile, initSearch, newSearch, statesFile } from '../../src/checker/search/dist-dir.js';
import { runLevelJob } from '../../src/checker/search/dist-level.js';
import { RELINK_ALPHABET } from '../../src/checker/relink-alphabet.js';
import { InputError } from '../../src/model/errors.js';
import { freshDir, initDir, runAllJobs, sameAnswer } from './dist-helpers.js';
import { single } from './search-helpers.js';

class Killed extends Error {}

/** The one line the command line prints for a refusal (`file: why`). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return `${e.file}: ${e.detail}`;
    throw e;
  }
  throw new Error('not refused');
}

/** Run a job but stop it, as a kill would, once it has written `files` files. */
function killAfter(dir: string, level: number, partition: number, files: number): void {
  let n = 0;
  expect(() =>
    runLevelJob({
      dir,
      level,
      partition,
      written: () => {
        if (++n === files) throw new Killed();
      },
    }),
  ).toThrow(Killed);
}

describe('a killed job', () => {
  it('run again after it wrote part of its inboxes, gives the single run’s answer', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 4, 3);
    for (let p = 0; p < 3; p++) runLevelJob({ dir, level: 0, partition: p });
    for (let p = 0; p < 3; p++) runLevelJob({ dir, level: 1, partition: p });
    killAfter(dir, 2, 1, 2);
    expect(statSync(inboxFile(dir, 3, 1, 1)).isFile()).toBe(true);
    runAllJobs(dir, 4, 3);
    expect(sameAnswer(collect(dir).stats)).toEqual(sameAnswer(single('relink', 4)));
  });

  it('killed after its states file but before its summary, is run again whole', () => {
    const dir = freshDir();
    initDir(dir, 'relink-keeps-orphan', 4, 2);
    runAllJobs(dir, 1, 2);
    // The level 2 job of partition 0 writes two inboxes, its states file, then its summary.
    killAfter(dir, 2, 0, 3);
    expect(() => statSync(doneFile(dir, 2, 0))).toThrow();
    expect(runLevelJob({ dir, level: 2, partition: 0 }).skipped).toBe(false);
    runAllJobs(dir, 4, 2);
    expect(sameAnswer(collect(dir).stats)).toEqual(sameAnswer(single('relink-keeps-orphan', 4)));
  });

  it('leaves no temporary file behind once the directory is finished', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 3, 2);
    runAllJobs(dir, 3, 2);
    const all = readdirSync(dir, { recursive: true }).map(String);
    expect(all.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('a finished job', () => {
  it('is skipped when run again, its files left as they were', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 2, 2);
    runAllJobs(dir, 2, 2);
    const before = readFileSync(statesFile(dir, 1, 0), 'utf8');
    const again = runLevelJob({ dir, level: 1, partition: 0 });
    expect(again.skipped).toBe(true);
    expect(readFileSync(statesFile(dir, 1, 0), 'utf8')).toBe(before);
  });
});

describe('the directory is refused', () => {
  it('by collect when a job has not finished, naming it', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 3, 2);
    runAllJobs(dir, 3, 2);
    rmSync(doneFile(dir, 2, 1));
    expect(refusal(() => collect(dir))).toMatch(/incomplete: level 2, partition 1 has not finished/);
  });

  it('by a level job whose previous level has not finished', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 3, 2);
    runLevelJob({ dir, level: 0, partition: 0 });
    expect(refusal(() => runLevelJob({ dir, level: 1, partition: 0 }))).toMatch(
      /level 0, partition 1 has not finished/,
    );
  });

  it('by collect when a summary comes from another search', () => {
    const [a, b] = [freshDir(), freshDir()];
    initDir(a, 'relink', 2, 2);
    initDir(b, 'relink', 2, 2);
    runAllJobs(a, 2, 2);
    runAllJobs(b, 2, 2);
    copyFileSync(doneFile(b, 1, 0), doneFile(a, 1, 0));
    expect(refusal(() => collect(a))).toMatch(/done-0\.json: from another search/);
  });

  it('by a level job when an inbox comes from another search', () => {
    const [a, b] = [freshDir(), freshDir()];
    initDir(a, 'relink', 2, 2);
    initDir(b, 'relink', 2, 2);
    runAllJobs(a, 1, 2);
    runAllJobs(b, 1, 2);
    copyFileSync(inboxFile(b, 2, 1, 0), inboxFile(a, 2, 1, 0));
    expect(refusal(() => runLevelJob({ dir: a, level: 2, partition: 1 }))).toMatch(/from-0\.txt: from another search/);
  });

  it('by init when it holds another search, and kept when it holds the same one', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 3, 2);
    expect(initSearch(dir, newSearch('relink', 3, 2, RELINK_ALPHABET))).toBe(false);
    expect(refusal(() => initSearch(dir, newSearch('relink', 4, 2, RELINK_ALPHABET)))).toMatch(/holds another search/);
  });

  it('as bad input when it is no search at all', () => {
    const dir = freshDir();
    expect(() => collect(dir)).toThrow(InputError);
    expect(refusal(() => collect(join(dir, 'absent')))).toMatch(/no search\.json/);
  });

  it('by a level job outside the search’s levels or partitions', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 3, 2);
    expect(refusal(() => runLevelJob({ dir, level: 4, partition: 0 }))).toMatch(/--level: must be an integer from 0/);
    expect(refusal(() => runLevelJob({ dir, level: 0, partition: 2 }))).toMatch(
      /--partition: must be an integer from 0 to 1/,
    );
  });
});

describe('an inbox line', () => {
  it('that names no state’s fingerprint is refused, naming the file', () => {
    const dir = freshDir();
    initDir(dir, 'relink', 2, 1);
    runAllJobs(dir, 1, 1);
    const file = inboxFile(dir, 2, 0, 0);
    const [header, first] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${header}\n${(first ?? '').split(' ')[0]} not-a-key\n`);
    expect(refusal(() => runLevelJob({ dir, level: 2, partition: 0 }))).toMatch(
      /from-0\.txt: ".* not-a-key" is not "path key"/,
    );
  });
});
