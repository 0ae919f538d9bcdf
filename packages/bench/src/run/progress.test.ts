import { describe, expect, it } from 'vitest';
import { ProgressReporter, isStepLine } from './progress';
import type { ProgressEvent } from './progress-events';

describe('ProgressReporter', () => {
  it('an event for every step read, a line at most every interval (or when forced)', () => {
    const lines: string[] = [];
    const events: ProgressEvent[] = [];
    const progress = new ProgressReporter('run 1/2 a__s1', (l) => lines.push(l), 60_000, (e) => events.push(e));
    const step = (s: number) => ({ epoch: 1, epochs: 2, step: s, steps: 3, loss: 0.5, imagesPerS: 4, etaS: 65 });
    progress.step(step(1), true);
    progress.step(step(2));
    progress.step(step(3));
    progress.event({ type: 'epoch', epoch: 1, epochs: 2, trainLoss: 0.5, validLoss: 0.4, validAcc: 0.75, best: true });
    progress.line('epoch 1/2 | lr 1.00e-3 | train loss 0.5000 acc 50.00% | valid loss 0.4000 acc 75.00% (best) | 1.0s');
    expect(events.map((e) => (e.type === 'step' ? e.step : e.type))).toEqual([1, 2, 3, 'epoch']);
    expect(lines).toEqual([
      'run 1/2 a__s1 | epoch 1/2 step 1/3 | loss 0.5000 | 4.0 img/s | ETA 1m05s',
      'run 1/2 a__s1 | epoch 1/2 | lr 1.00e-3 | train loss 0.5000 acc 50.00% | valid loss 0.4000 acc 75.00% (best) | 1.0s',
    ]);
    // What a sweep's live view leaves out in a terminal: the step lines, not the epoch's.
    expect(lines.map(isStepLine)).toEqual([true, false]);
  });
});
