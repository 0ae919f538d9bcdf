import * as tf from '@tensorflow/tfjs-core';
import type { Module } from './module';
import { countMacs } from './macs';

/**
 * MACs (conv, linear, attention matmuls) and selective-scan FLOPs of one forward pass of one
 * image, counted from the layers while the model runs in eval mode on a zero input.
 */
export function modelMacs(model: Module, imageSize: number, inChannels = 3): { macs: number; scanFlops: number } {
  const wasTraining = model.training;
  model.eval();
  try {
    const { macs, scanFlops } = countMacs(() => tf.tidy(() => { model.forward(tf.zeros([1, imageSize, imageSize, inChannels])); }));
    return { macs, scanFlops };
  } finally {
    model.train(wasTraining);
  }
}
