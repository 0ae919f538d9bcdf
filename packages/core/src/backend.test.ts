import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, TENSORFLOW_HELP } from './backend';
import { webGpuTestAdapter } from './testing/webgpu';

const gpu = await webGpuTestAdapter('backend selection');

describe('initBackend', () => {
  it('selects wasm and cpu explicitly', async () => {
    expect((await initBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect((await initBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('explains how to enable tensorflow when tfjs-node is not installed, and auto falls back to wasm', async () => {
    let nativeInstalled = true;
    try {
      const specifier = '@tensorflow/tfjs-node';
      await import(specifier);
    } catch {
      nativeInstalled = false;
    }
    if (nativeInstalled) {
      expect((await initBackend('auto')).name).toBe('tensorflow');
      return;
    }
    await expect(initBackend('tensorflow')).rejects.toThrow(TENSORFLOW_HELP);
    expect(TENSORFLOW_HELP).toMatch(/npm install --no-save @tensorflow\/tfjs-node@4\.22\.0/);
    expect((await initBackend('auto')).name).toBe('wasm');
  });

  it('rejects an unknown backend by name', async () => {
    await expect(initBackend('webgl' as never)).rejects.toThrow(/Unknown backend "webgl"; expected one of auto, webgpu, wasm, cpu, tensorflow/);
  });

  it.skipIf(!gpu)('--backend webgpu runs on the adapter Dawn finds and names it; auto skips a software one', async () => {
    const info = await initBackend('webgpu');
    expect(info.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(info.adapter).not.toBeNull();
    expect(info.detail).toContain(info.adapter!.device || info.adapter!.description);
    const sum = tf.sum(tf.tensor1d([1, 2, 3]));
    expect(Array.from(await sum.data())).toEqual([6]);
    sum.dispose();
    if (info.adapter!.software) {
      const auto = await initBackend('auto');
      expect(auto.name).not.toBe('webgpu');
      expect(auto.notes.join(' ')).toMatch(/skipped the software WebGPU adapter .*--backend webgpu forces it/);
    }
  });
});
