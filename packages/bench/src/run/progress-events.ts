/**
 * What a run process tells the sweep that started it, besides its human-readable stdout lines:
 * structured progress over the Node IPC channel (spawn's 'ipc' stdio), so the sweep's live view
 * shows numbers the run measured instead of parsing its lines.
 */
export type ProgressEvent =
  | { type: 'step'; epoch: number; epochs: number; step: number; steps: number; loss: number; imagesPerS: number; etaS: number }
  | { type: 'epoch'; epoch: number; epochs: number; trainLoss: number; validLoss: number; validAcc: number; best: boolean };

/** Marks the messages as ours: anything else on the channel is not a progress event. */
const TAG = 'mambabench-progress';

/**
 * Set by the parent that reads the events (runMambabenchChild with a message handler). An IPC
 * channel alone does not say so: a test runner's forked worker has one that is not ours.
 */
export const PROGRESS_CHANNEL_ENV = 'MAMBABENCH_PROGRESS_CHANNEL';

/**
 * Sends an event to the parent when it listens (a sweep's runs; a standalone `mambabench run`
 * prints its lines only). Ctrl-C reaches the whole process group, so the parent may be gone: the
 * callback takes the error instead of letting it crash the run before its checkpoint is written.
 */
export function sendToParent(event: ProgressEvent): void {
  if (process.env[PROGRESS_CHANNEL_ENV] !== 'ipc' || !process.send || !process.connected) return;
  process.send({ [TAG]: event }, undefined, {}, () => {});
}

/** The event a message carries, or null for any other message. */
export function progressEventOf(message: unknown): ProgressEvent | null {
  if (typeof message !== 'object' || message === null || !(TAG in message)) return null;
  return (message as Record<typeof TAG, ProgressEvent>)[TAG];
}
