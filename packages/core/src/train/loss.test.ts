import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, softCrossEntropy } from './loss';
import { useBackend } from '../testing/backends';

describe('crossEntropy', () => {
  it('equals mean(-log softmax(logits)[label]) computed in float64', async () => {
    await useBackend('cpu');
    const logits = [[2, -1, 0.5], [0, 0, 0], [-3, 4, 1]];
    const labels = [0, 2, 1];
    const ref = logits.reduce((s, row, i) => {
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      return s + (lse - row[labels[i]]);
    }, 0) / 3;
    expect(crossEntropy(tf.tensor2d(logits), tf.tensor1d(labels, 'int32')).dataSync()[0]).toBeCloseTo(ref, 5);
    const soft = softCrossEntropy(tf.tensor2d(logits), tf.oneHot(tf.tensor1d(labels, 'int32'), 3)).dataSync()[0];
    expect(soft).toBeCloseTo(ref, 5);
  });
});
