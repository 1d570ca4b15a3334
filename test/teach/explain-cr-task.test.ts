// explain tells what a checkpoint records for a task beside its files: a removed working directory.
import { describe, expect, it } from 'vitest';
import { frameChanges } from '../../src/teach/changes.js';
import { narrate } from '../../src/teach/narrate.js';
import { frameOf, timeline } from './helpers.js';

const told = (name: string, what: string): string => {
  const f = frameOf(timeline(name), what);
  return narrate(f, frameChanges(f)).sentences.join('\n');
};

describe('explain: a checkpoint of a task in a removed directory', () => {
  it('says the image holds no files and that restart recreates the removed cwd', () => {
    expect(told('cr/cwd-removed.yaml', 'checkpoint')).toContain(
      'checkpoint wrote a relink image with no files. It records the cwd of pid 2 (d, removed): restart recreates it under its old name, holds it and removes it again.',
    );
  });
});
