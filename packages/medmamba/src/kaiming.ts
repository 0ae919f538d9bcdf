import { initRng, type Initializer } from '@mambabench/core';

/**
 * nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu'): N(0, 2 / fan_out), where
 * PyTorch's fan_out of a conv weight [out, in/groups, kh, kw] is out * kh * kw (groups do not
 * divide it, so a depthwise conv over C channels has fan_out = C * kh * kw). MedMamba applies it
 * to every nn.Conv2d weight after its Linear / LayerNorm init.
 */
export function kaimingNormalFanOutInit(outChannels: number, kernelSize: number): Initializer {
  const std = Math.sqrt(2 / (outChannels * kernelSize * kernelSize));
  return (shape) => {
    const rng = initRng();
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
    return out;
  };
}
