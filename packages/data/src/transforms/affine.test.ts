import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@mambabench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY, affineBatch, composeInverse, type InverseMap } from './affine.ts';
import { flipBatch, flipMap } from './flip.ts';
import { rotateBatch, rotationMap } from './rotate.ts';
import { BACKENDS, expectNoLeak, maxAbsDiff, randomImages } from './test-util.ts';

describe('composeInverse', () => {
  it('applies `first` then `second` to an image: the inverse maps chain second-then-first on coordinates', () => {
    const shift: InverseMap = [1, 0, 2, 0, 1, 0]; // reads 2 px to the right: content moves left
    const swap: InverseMap = [0, 1, 0, 1, 0, 0]; // transpose
    const m = composeInverse(shift, swap);
    // Output p=(x,y) reads swap's input at (y,x), which reads shift's input at (y+2, x).
    expect(m).toEqual([0, 1, 2, 1, 0, 0]);
    expect(composeInverse(IDENTITY, shift)).toEqual(shift);
    expect(composeInverse(shift, IDENTITY)).toEqual(shift);
  });
});

describe.each(BACKENDS)('affineBatch on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('one composed pass equals flip, flip, rotate in turn (per image, whole batch)', () => {
    const [b, h, w] = [4, 9, 10];
    const x = randomImages(b, h, w, 21);
    const hf = [true, false, true, false];
    const vf = [false, false, true, true];
    const angles = [17.3, -29.1, 4.4, 0];
    const steps = tf.tidy(() => rotateBatch(flipBatch(flipBatch(x, hf, 'horizontal'), vf, 'vertical'), angles));
    const maps = angles.map((a, i) => {
      const hm = hf[i] ? flipMap('horizontal', h, w) : IDENTITY;
      const vm = vf[i] ? flipMap('vertical', h, w) : IDENTITY;
      return composeInverse(composeInverse(hm, vm), rotationMap(a, h, w));
    });
    const once = expectNoLeak(() => affineBatch(x, maps), 1);
    expect(maxAbsDiff(once.dataSync(), steps.dataSync())).toBe(0);
    tf.dispose([x, steps, once]);
  });

  it('rejects a wrong number of maps', () => {
    const x = randomImages(2, 3, 3, 1);
    expect(() => affineBatch(x, [IDENTITY])).toThrow('affineBatch: 1 maps for a batch of 2');
    x.dispose();
  });
});

describe('tfjs-backend-cpu Transform kernel (the reason affineBatch goes one image at a time there)', () => {
  it('still fills every image after the first of a batch; if this fails, tfjs fixed it and the workaround can go', async () => {
    await initBackend('cpu');
    const x = tf.ones([2, 3, 3, 1]) as tf.Tensor4D;
    const out = tf.image.transform(x, tf.tensor2d([[1, 0, 0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0]]));
    expect(Array.from(out.dataSync())).toEqual([...new Array(9).fill(1), ...new Array(9).fill(0)]);
    const fixed = affineBatch(x, [IDENTITY, IDENTITY]);
    expect(Array.from(fixed.dataSync())).toEqual(new Array(18).fill(1));
    tf.dispose([x, out, fixed]);
  });
});
