/**
 * A call a task can be in the middle of, as strace prints a call: a syscall by renderCall (from
 * the descriptor table), and the relink series' funlinkat in the same style. funlinkat is not a
 * Linux 6.1 syscall but a model-only split call (src/model/inflight.ts), so it is not in the
 * table: its third argument, the inode the name must still name, is shown as the model's inode id.
 */
import type { InFlightCall } from '../../model/inflight.js';
import { AT_FDCWD } from '../../model/flags.js';
import { quote, renderCall } from '../../model/syscall/render.js';

export function renderInFlightCall(c: InFlightCall): string {
  if (c.call !== 'funlinkat') return renderCall(c);
  const dirfd = c.dirfd === AT_FDCWD ? 'AT_FDCWD' : String(c.dirfd);
  const inode = c.inode === null ? '<no inode>' : `<inode #${c.inode}>`;
  return `funlinkat(${dirfd}, ${quote(c.path)}, ${inode})`;
}
