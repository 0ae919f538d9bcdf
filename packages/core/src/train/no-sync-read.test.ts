import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../nn/module';
import { Conv2d } from '../nn/conv2d';
import { Linear } from '../nn/linear';
import { ReLU } from '../nn/activations';
import { GlobalAvgPool } from '../nn/pooling';
import { withInitSeed } from '../nn/init-context';
import { AdamW } from '../optim/adamw';
import { ModelEma } from '../optim/ema';
import { saveCheckpoint } from '../checkpoint-file';
import { useBackend, randomArray } from '../testing/backends';
import { useWebGpu, webGpuTestAdapter } from '../testing/webgpu';
import { trainStep, evaluate } from './train-step';
import { StepMeter } from './step-meter';

/**
 * On webgpu in Node a synchronous read (dataSync, arraySync, the backend's readSync) throws, and
 * anywhere it stalls the GPU. This proves none is reachable from the training path by making
 * them throw, on the cpu backend always and on webgpu where an adapter exists (lavapipe in CI).
 * The model is a plain conv + linear one, so the proof does not depend on the selective scan or
 * batch norm kernels (a webgpu test covers real models).
 */
class TinyConvNet extends Module {
  readonly conv = this.addModule('conv', new Conv2d(3, 4, 3, { stride: 2, padding: 1 }));
  readonly act = this.addModule('act', new ReLU());
  readonly pool = this.addModule('pool', new GlobalAvgPool());
  readonly head = this.addModule('head', new Linear(4, 2));
  forward(x: tf.Tensor) {
    return this.head.forward(this.pool.forward(this.act.forward(this.conv.forward(x))));
  }
}

type ReadSync = (dataId: object) => tf.backend_util.BackendValues;
interface PatchableBackend {
  readSync: ReadSync;
  read: (dataId: object) => Promise<tf.backend_util.BackendValues>;
  bufferSync: (t: tf.TensorInfo) => tf.TensorBuffer<tf.Rank, tf.DataType>;
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

/** Makes every synchronous read throw until the returned function is called. */
function forbidSyncReads(): () => void {
  const proto = tf.Tensor.prototype as unknown as Record<'dataSync' | 'arraySync' | 'bufferSync', unknown>;
  const backend = tf.backend() as unknown as PatchableBackend;
  const saved = { dataSync: proto.dataSync, arraySync: proto.arraySync, bufferSync: proto.bufferSync };
  const own = { readSync: backend.readSync, read: backend.read, bufferSync: backend.bufferSync };
  const fail = (what: string) => () => {
    throw new Error(`synchronous read on the training path: ${what}`);
  };
  proto.dataSync = fail('Tensor.dataSync');
  proto.arraySync = fail('Tensor.arraySync');
  proto.bufferSync = fail('Tensor.bufferSync');
  // The cpu backend serves its async read, and its kernels' own host-side access (Tile, Gather),
  // through readSync; webgpu's read and kernels do not touch readSync, so on cpu they keep the original.
  if (tf.getBackend() === 'cpu') {
    const readSync = own.readSync.bind(backend);
    backend.read = async (dataId) => readSync(dataId);
    backend.bufferSync = (t) => tf.buffer(t.shape, t.dtype, readSync(t.dataId) as tf.DataTypeMap[tf.NumericDataType]);
  }
  backend.readSync = fail('backend.readSync');
  return () => {
    Object.assign(proto, saved);
    Object.assign(backend, own);
  };
}

const adapter = await webGpuTestAdapter('training path without synchronous reads');
const backends = adapter ? ['cpu', 'webgpu'] as const : ['cpu'] as const;

describe.each(backends)('the training path on %s with synchronous reads forbidden', (backend) => {
  it('train steps (clipped, hard and soft targets), StepMeter reads, EMA, evaluate and saveCheckpoint read nothing synchronously and leak no tensors', async () => {
    if (backend === 'webgpu') await useWebGpu();
    else await useBackend(backend);
    const model = withInitSeed(2, () => new TinyConvNet());
    const optimizer = new AdamW(model.parameters(), { lr: 1e-2 });
    const ema = new ModelEma(model, 0.9);
    const meter = new StepMeter({ readEvery: 3, maxWaitMs: Infinity });
    const x = tf.tensor4d(randomArray(4 * 6 * 6 * 3, 4), [4, 6, 6, 3]);
    const y = tf.tensor1d([0, 1, 1, 0], 'int32');
    const soft = tf.tensor2d([[0.9, 0.1], [0.2, 0.8], [0.1, 0.9], [0.7, 0.3]]);
    const dir = join(mkdtempSync(join(tmpdir(), 'mb-nosync-')), 'last');

    restore = forbidSyncReads();
    expect(() => x.dataSync()).toThrow('synchronous read on the training path: Tensor.dataSync');
    expect(() => x.arraySync()).toThrow('synchronous read on the training path: Tensor.arraySync');
    expect(() => (tf.backend() as unknown as PatchableBackend).readSync(x.dataId)).toThrow('synchronous read on the training path: backend.readSync');

    meter.reset('epoch 1');
    const tensorsAfterStep: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = tf.tidy(() => trainStep(model, optimizer, x, y, i % 2 ? soft : y, 1));
      ema.update();
      meter.add(r);
      if (meter.due) await meter.read();
      tensorsAfterStep.push(tf.memory().numTensors);
    }
    // The meter holds two tensors while steps wait and none after a read; nothing else grows.
    const [waiting, read] = [tensorsAfterStep[0], tensorsAfterStep[2]];
    expect(waiting - read).toBe(2);
    expect(tensorsAfterStep).toEqual([waiting, waiting, read, waiting, waiting, read]);
    const reading = await meter.read();
    expect(reading).toMatchObject({ steps: 6, count: 24 });
    expect(Number.isFinite(reading.loss)).toBe(true);

    const batches = [0, 1].map(() => ({ x: x.clone(), y: y.clone() }));
    const valid = await ema.withEmaWeights(() => evaluate(model, batches, 2));
    expect(valid.count).toBe(8);
    expect(valid.probabilities).toHaveLength(16);
    await saveCheckpoint(dir, model, optimizer, { epoch: 1 });
    expect(tf.memory().numTensors).toBe(read);

    restore();
    restore = null;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.optimizer.step).toBe(6);
    const bin = readFileSync(join(dir, 'tensors.bin'));
    const saved = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    const headBias = manifest.tensors.find((e: { name: string }) => e.name === 'model.head.bias');
    expect(Array.from(saved.subarray(headBias.offset, headBias.offset + headBias.length))).toEqual(Array.from(await model.head.bias!.data()));
    tf.dispose([x, y, soft]);
    ema.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
