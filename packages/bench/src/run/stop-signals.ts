export interface StopOnSignalsOptions {
  /** What the first signal does, for the line that acknowledges it. */
  what?: string;
  write?: (line: string) => void;
}

/**
 * SIGINT / SIGTERM for a training process (or a sweep): the first asks it to stop after the
 * current step (the AbortSignal trainRun checks; a sweep starts no new run and passes the stop on),
 * so a checkpoint that continues exactly is written first. A second SIGINT (Ctrl-C again) exits at
 * once with 130, checkpoint or not. Repeated SIGTERMs do not: a sweep passes a stop to its runs as
 * SIGTERM, and a run that also got the terminal's SIGINT must not take the two for a second Ctrl-C.
 */
export function stopOnSignals(options: StopOnSignalsOptions = {}): { signal: AbortSignal; dispose: () => void } {
  const what = options.what ?? 'finishing the current step, then saving a checkpoint to continue from';
  const write = options.write ?? ((l: string) => void process.stderr.write(l + '\n'));
  const controller = new AbortController();
  let interrupts = 0;
  // Ctrl-C reaches a sweep's whole process group, so the parent reading this process's output may
  // be gone: a write to its closed pipe must not kill this one before the checkpoint is written.
  const ignore = () => {};
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  const onSignal = (name: NodeJS.Signals) => {
    if (name === 'SIGINT' && ++interrupts >= 2) {
      write(`${name} again: exiting now, without waiting for the checkpoint`);
      process.exit(130);
    }
    if (controller.signal.aborted) return;
    write(`${name}: ${what} (Ctrl-C again exits at once)`);
    controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
    },
  };
}
