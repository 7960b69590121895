/**
 * An error caused by what the user gave us (a file, a flag, a target's answer). The CLI prints
 * its message alone, without a stack trace, and exits with code 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The user interrupted the run (Ctrl-C or SIGTERM); the CLI exits with 130. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}
