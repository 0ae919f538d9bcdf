/**
 * A usage or input error: a bad flag, experiment file, data folder or output folder, found before
 * anything trains. The CLI exits 2 for these and 1 for anything else (a run that failed, an
 * unexpected error), so scripts and schedulers can tell "fix the command" from "look at the runs".
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The CLI's exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): 1 | 2 {
  return error instanceof InputError ? 2 : 1;
}
