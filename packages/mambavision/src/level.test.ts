import { describe, expect, it } from 'vitest';
import { tf, initBackend } from '@mambabench/core';
import { MambaVisionLevel } from './level';
import { isAttentionBlock } from './blocks';

/** Runs the level's blocks window by window with plain pad/slice/concat, as the reference's pad + partition + reverse + crop. */
function windowedRef(level: MambaVisionLevel, x: tf.Tensor4D, ws: number): tf.Tensor {
  const [b, h, w, c] = x.shape;
  const [hp, wp] = [Math.ceil(h / ws) * ws, Math.ceil(w / ws) * ws];
  const padded = tf.pad(x, [[0, 0], [0, hp - h], [0, wp - w], [0, 0]]);
  const rows: tf.Tensor[] = [];
  for (let i = 0; i < hp / ws; i++) {
    const cols: tf.Tensor[] = [];
    for (let j = 0; j < wp / ws; j++) {
      const win = tf.reshape(tf.slice(padded, [0, i * ws, j * ws, 0], [b, ws, ws, c]), [b, ws * ws, c]);
      const out = level.blocks.reduce((t, blk) => blk.forward(t), win as tf.Tensor);
      cols.push(tf.reshape(out, [b, ws, ws, c]));
    }
    rows.push(tf.concat(cols, 2));
  }
  return tf.slice(tf.concat(rows, 1), [0, 0, 0, 0], [b, h, w, c]);
}

describe('MambaVisionLevel (token stage)', () => {
  it.each([[8, 8, 4], [5, 7, 4], [6, 6, 6], [3, 3, 2]])('on a %ix%i map with window %i equals per-window blocks after padding, then the crop', async (h, w, ws) => {
    await initBackend('wasm');
    const level = new MambaVisionLevel({ dim: 8, depth: 2, numHeads: 2, windowSize: ws, conv: false, downsample: false, mlpRatio: 4, dropPath: [0, 0] });
    level.eval();
    const x = tf.randomNormal([2, h, w, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
    const y = level.forward(x);
    const ref = windowedRef(level, x, ws);
    expect(y.shape).toEqual([2, h, w, 8]);
    const diff = tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5);
    level.dispose();
  });

  it('puts attention in the second half: n/2..n-1 for even n, floor(n/2)+1..n-1 for odd n', () => {
    const attn = (depth: number) => Array.from({ length: depth }, (_, i) => isAttentionBlock(i, depth));
    expect(attn(8)).toEqual([false, false, false, false, true, true, true, true]);
    expect(attn(4)).toEqual([false, false, true, true]);
    expect(attn(3)).toEqual([false, false, true]);
    expect(attn(2)).toEqual([false, true]);
    expect(attn(1)).toEqual([false]);
  });
});
