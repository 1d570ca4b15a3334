/**
 * What went wrong outside the model: a guest kernel that panicked or hung, a tool that is not
 * installed, an executor that died. The CLI prints the first line and the guest's last console
 * lines, and exits with EXIT_ENVIRONMENT: nothing about the model is known from such a run.
 */
export class GuestError extends Error {
  constructor(
    message: string,
    /** The guest's console tail or the tool's output, for the report. */
    readonly detail = '',
  ) {
    super(message);
  }
}
