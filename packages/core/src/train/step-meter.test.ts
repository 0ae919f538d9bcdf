import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteLossError, StepMeter } from './step-meter';
import { useBackend } from '../testing/backends';

/** A step result as trainStep returns it: two device scalars and the batch size. */
const step = (loss: number, correct: number, count: number) => ({
  loss: tf.scalar(loss, 'float32'), correct: tf.scalar(correct, 'int32'), count,
});

describe('StepMeter', () => {
  it('is due every readEvery steps and totals exactly as per-step host reads did (float32 losses, float64 sums)', async () => {
    await useBackend('cpu');
    const meter = new StepMeter({ readEvery: 3, maxWaitMs: Infinity });
    meter.reset('epoch 1');
    const losses = [0.7, 0.61, 0.5333, 0.49, 0.4];
    const counts = [8, 8, 8, 8, 5];
    const corrects = [3, 4, 6, 5, 4];
    let lossSum = 0;
    losses.forEach((l, i) => { lossSum += Math.fround(l) * counts[i]; });
    losses.slice(0, 3).forEach((l, i) => meter.add(step(l, corrects[i], counts[i])));
    expect(meter.pending).toBe(3);
    expect(meter.due).toBe(true);
    const first = await meter.read();
    expect(first).toMatchObject({ firstStep: 1, lastStep: 3, steps: 3, count: 24, correct: 13 });
    expect(meter.due).toBe(false);
    losses.slice(3).forEach((l, i) => meter.add(step(l, corrects[i + 3], counts[i + 3])));
    expect(meter.due).toBe(false);
    const end = await meter.read();
    expect(end).toMatchObject({ firstStep: 4, lastStep: 5, steps: 5, count: 37, correct: 22 });
    expect(end.loss).toBe(lossSum / 37);
    expect(end.accuracy).toBe(22 / 37);
    expect(meter.pending).toBe(0);
  });

  it('totals() part-way and resume() give the epoch the reading an unbroken epoch gives', async () => {
    await useBackend('cpu');
    const losses = [0.7, 0.61, 0.5333, 0.49, 0.4];
    const unbroken = new StepMeter({ readEvery: 2 });
    unbroken.reset('epoch 1');
    losses.forEach((l, i) => unbroken.add(step(l, i, 8)));
    const whole = await unbroken.read();
    const before = new StepMeter();
    before.reset('epoch 1');
    losses.slice(0, 3).forEach((l, i) => before.add(step(l, i, 8)));
    expect(() => before.totals()).toThrow(/3 step\(s\) not read yet/);
    await before.read();
    const saved = JSON.parse(JSON.stringify(before.totals()));
    const after = new StepMeter();
    after.resume('epoch 1', saved);
    losses.slice(3).forEach((l, i) => after.add(step(l, i + 3, 8)));
    expect(await after.read()).toEqual({ ...whole, firstStep: 4 });
  });

  it('holds a constant number of tensors however many steps wait, and frees them on read and dispose', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const meter = new StepMeter({ readEvery: Infinity, maxWaitMs: Infinity });
    meter.add(step(1, 1, 2));
    const held = tf.memory().numTensors;
    expect(held - before).toBe(2);
    for (let i = 0; i < 25; i++) meter.add(step(1, 1, 2));
    expect(tf.memory().numTensors).toBe(held);
    expect(meter.due).toBe(false);
    expect((await meter.read()).steps).toBe(26);
    expect(tf.memory().numTensors).toBe(before);
    meter.add(step(1, 1, 2));
    meter.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps what it holds when add() runs inside a caller\'s tf.tidy', async () => {
    await useBackend('cpu');
    const meter = new StepMeter();
    tf.tidy(() => meter.add(step(0.5, 1, 2)));
    tf.tidy(() => meter.add(step(1.5, 2, 2)));
    expect(await meter.read()).toMatchObject({ steps: 2, count: 4, correct: 3, loss: 1 });
  });

  it.each([NaN, Infinity])('stops at the step whose loss is %s, naming the epoch and step', async (bad) => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const meter = new StepMeter({ readEvery: 4 });
    meter.reset('epoch 2');
    for (let i = 0; i < 4; i++) meter.add(step(0.5, 1, 2));
    await meter.read();
    meter.add(step(0.5, 1, 2));
    meter.add(step(bad, 0, 2));
    meter.add(step(0.5, 1, 2));
    const error = await meter.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ message: `loss became ${bad} at epoch 2, step 6`, loss: bad, where: 'epoch 2', step: 6 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is also due once the oldest unread step has waited maxWaitMs (slow steps are not left unread)', async () => {
    await useBackend('cpu');
    let now = 1000;
    const meter = new StepMeter({ readEvery: 10, maxWaitMs: 5000, clock: () => now });
    expect(meter.due).toBe(false);
    now += 60_000;
    expect(meter.due).toBe(false); // nothing waits
    meter.add(step(1, 0, 1));
    now += 3000;
    meter.add(step(1, 0, 1));
    expect(meter.due).toBe(false);
    now += 2000; // the first step has waited 5 s
    expect(meter.due).toBe(true);
    await meter.read();
    meter.add(step(1, 0, 1));
    expect(meter.due).toBe(false); // the clock restarts with the next unread step
    meter.dispose();
  });

  it('refuses to reset over unread steps, a readEvery below 1 and a negative maxWaitMs', async () => {
    await useBackend('cpu');
    const meter = new StepMeter();
    meter.add(step(1, 0, 1));
    expect(() => meter.reset('epoch 2')).toThrow('StepMeter.reset(): 1 step(s) not read yet; call read() first');
    meter.dispose();
    expect(() => new StepMeter({ readEvery: 0 })).toThrow('StepMeter: readEvery must be >= 1 (or Infinity), got 0');
    expect(() => new StepMeter({ maxWaitMs: -1 })).toThrow('StepMeter: maxWaitMs must be >= 0 (or Infinity), got -1');
  });
});
