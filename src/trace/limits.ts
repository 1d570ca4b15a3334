/**
 * The limits relinklab holds every input to, in one place. Past each, the input is refused with
 * one line naming its file and line (exit 2), so that no input can exhaust time, memory or the
 * stack. The model's own limits are the kernel's: descriptors below RLIMIT_NOFILE and NR_OPEN
 * (src/ops/vfs/fdtable.ts), file sizes below the file system's s_maxbytes (src/ops/calls/rw.ts), reads of at
 * most MAX_RW_COUNT bytes (src/ops/vfs/copy-checks.ts).
 */
import { InputError } from '../model/errors.js';

/** The longest line of a trace, an strace log or a scenario: 16 MiB (strace -s 16M prints less). */
export const MAX_INPUT_LINE = 16 << 20;

/**
 * How deep collections may nest in a scenario, block and flow together. Scenarios need four or
 * five levels; the bound keeps the recursive reader (src/scenario/yaml.ts) far from the stack's end.
 */
export const MAX_YAML_NESTING = 64;

/** How deep an strace argument's structs and arrays may nest; strace's own output stays far below. */
export const MAX_ARG_NESTING = 64;

// The longest detail an error line shows is MAX_ERROR_DETAIL, next to InputError (src/model/errors.ts).

/** Refuse a text with a line longer than MAX_INPUT_LINE, naming the first such line. */
export function assertLineLengths(text: string, file: string): void {
  if (text.length <= MAX_INPUT_LINE) return;
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > MAX_INPUT_LINE)
      throw new InputError(file, line, `a line of ${stop - start} bytes, longer than the limit of ${MAX_INPUT_LINE}`);
    if (end < 0) return;
    start = end + 1;
  }
}
