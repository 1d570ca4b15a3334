/** A scenario whose last call sleeps: a fifo opened for reading while no task has it open to write. */
export const FIFO_OPEN = [
  'name: a fifo opened with no writer',
  'steps:',
  '  - call: mknod',
  '    args: {path: /p, mode: "S_IFIFO|0600", dev: 0}',
  '  - call: open',
  '    args: {path: /p, flags: O_RDONLY, mode: 0}',
  '',
].join('\n');
