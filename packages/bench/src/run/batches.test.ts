import { describe, expect, it } from 'vitest';
import { batchIndices, stepsPerEpoch } from './batches';

describe('stepsPerEpoch', () => {
  it('counts the batches batchIndices draws for training (drop_last, capped)', () => {
    const order = (n: number) => Array.from({ length: n }, (_, i) => i);
    for (const [count, batch, cap] of [[16, 8, null], [17, 8, null], [7, 8, null], [100, 4, 3], [100, 4, 40], [12, 4, 3]] as const) {
      expect(stepsPerEpoch(count, batch, cap)).toBe(batchIndices(order(count), batch, true, cap).length);
    }
  });
});
