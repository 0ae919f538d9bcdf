/**
 * Checkpoint spacing. Memory is ~ B*(L/T)*D*N (checkpoints) + 2*(T+1)*D*N (backward scratch),
 * minimised near T = sqrt(L); the clamp keeps the scratch cache-sized (<= 128 tokens) and
 * avoids tiny chunks whose per-chunk overhead would dominate on short sequences.
 */
export const MIN_CHECKPOINT_INTERVAL = 16;
export const MAX_CHECKPOINT_INTERVAL = 128;

export function defaultCheckpointInterval(length: number): number {
  const t = Math.ceil(Math.sqrt(Math.max(length, 1)));
  return Math.min(MAX_CHECKPOINT_INTERVAL, Math.max(MIN_CHECKPOINT_INTERVAL, t));
}

export function numChunks(length: number, interval: number): number {
  return Math.ceil(length / interval);
}

export function assertValidInterval(interval: number): void {
  if (!Number.isInteger(interval) || interval < 1) {
    throw new Error(`selectiveScan: checkpoint interval must be a positive integer, got ${interval}`);
  }
}
