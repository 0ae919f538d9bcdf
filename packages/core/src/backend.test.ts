import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, TENSORFLOW_HELP } from './backend';

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
    await expect(initBackend('webgl' as never)).rejects.toThrow(/Unknown backend "webgl"; expected one of auto, wasm, cpu, tensorflow/);
  });
});
