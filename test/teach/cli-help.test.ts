// Every teaching command documents itself: --help names --json and shows a runnable example.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('--help', () => {
  for (const cmd of ['explain', 'render', 'report']) {
    it(`of ${cmd} exits 0 with --json and an example on a bundled scenario`, async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      expect(await main([cmd, '--help'], capture())).toBe(0);
      const text = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(text).toContain('--json');
      expect(text).toMatch(new RegExp(`Examples:\\n\\s+relinklab ${cmd} scenarios/\\S+\\.yaml`));
    });
  }
});
