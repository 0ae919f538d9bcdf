import {
  BatchMatMul,
  Cast,
  Conv2D,
  Concat,
  Identity,
  Reverse,
  Slice,
  Softplus,
  SplitV,
  Sum,
  Transpose,
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
// The stock wasm kernels must be in the registry before they are looked up and wrapped here.
import '@tensorflow/tfjs-backend-wasm';
import { createBatchMatMulConfig } from './batch-mat-mul';
import { createCastConfig } from './cast';
import { createConv2DConfig } from './conv2d-winograd';
import { createIdentityConfig } from './identity';
import { createReverseConfig } from './reverse';
import { createConcatConfig, createSliceConfig, createSplitVConfig } from './slice';
import { createSoftplusConfig } from './softplus';
import { createSumConfig } from './sum';
import { createTransposeConfig } from './transpose';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { adamwUpdateConfig } from './adamw-update';
import { siluGradConfig } from './silu-grad';
import { heapModuleBuilt } from '../../wasm/heap-module';

// Symbol.for, not a module-local symbol: the kernel registry is global to tfjs-core, so a second
// copy of this module (vitest isolation, duplicate bundles) must still recognise our entries.
const OURS = Symbol.for('mambabench.wasmTrainingKernel');
const REPLACED = Symbol.for('mambabench.wasmTrainingKernel.replaced');

type Installed = KernelConfig & { [OURS]?: true; [REPLACED]?: KernelConfig };

const STATIC_KERNELS: KernelConfig[] = [
  conv2dBackpropInputConfig,
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  depthwiseConv2dBackpropFilterConfig,
];

function current(kernelName: string): Installed | undefined {
  return getKernel(kernelName, 'wasm') as Installed | undefined;
}

function install(make: (stock: KernelConfig | undefined) => KernelConfig, kernelName: string): void {
  const stock = current(kernelName);
  if (stock?.[OURS]) return;
  const config = make(stock);
  if (stock) unregisterKernel(kernelName, 'wasm');
  const installed: Installed = {
    ...config,
    // Keep the stock setup/dispose hooks: they bind wasm functions when the backend initialises,
    // which the delegating BatchMatMul and a later restore of the stock kernel both rely on.
    setupFunc: config.setupFunc ?? stock?.setupFunc,
    disposeFunc: config.disposeFunc ?? stock?.disposeFunc,
    [OURS]: true,
    [REPLACED]: stock,
  };
  registerKernel(installed);
}

/** Stock kernels we wrap: each override delegates to the stock config it is given. */
const WRAPPED: Array<[string, (stock: KernelConfig) => KernelConfig]> = [
  [BatchMatMul, createBatchMatMulConfig],
  [Conv2D, createConv2DConfig],
  [Reverse, createReverseConfig],
  [Softplus, createSoftplusConfig],
  [Identity, createIdentityConfig],
  [Cast, createCastConfig],
  [Slice, createSliceConfig],
  [Concat, createConcatConfig],
  [SplitV, createSplitVConfig],
  [Sum, createSumConfig],
  [Transpose, createTransposeConfig],
];

/**
 * Registers the composed wasm training kernels: Conv2DBackpropFilter and the two depthwise
 * backprops (missing from tfjs-backend-wasm), the fused AdamW update (optim/adamw-kernel.ts) and SiLU gradient (nn/silu-grad-kernel.ts), faster Conv2DBackpropInput, Conv2D (Winograd for big 3x3 stride-1 convs), BatchMatMul, Reverse,
 * Softplus, Transpose, Slice, SplitV and Sum, and a copy-free Identity and same-dtype Cast (replacing the stock ones, which stay reachable for
 * delegation). Idempotent; works before or after tf.setBackend('wasm').
 */
export function registerWasmTrainingKernels(): void {
  for (const config of STATIC_KERNELS) install(() => config, config.kernelName);
  // Without its module (build:wasm not run) AdamW composes the update from tfjs ops instead.
  if (heapModuleBuilt('adamw')) install(() => adamwUpdateConfig, adamwUpdateConfig.kernelName);
  // Likewise SiLU's gradient (nn/activations.ts composes it where no kernel is registered).
  if (heapModuleBuilt('silu-grad')) install(() => siluGradConfig, siluGradConfig.kernelName);
  for (const [kernelName, wrap] of WRAPPED) {
    install((stock) => {
      if (!stock) throw new Error(`tfjs-backend-wasm registered no ${kernelName} kernel to wrap`);
      return wrap(stock);
    }, kernelName);
  }
}

/** Undoes registerWasmTrainingKernels, restoring the stock kernels (for benchmarks and tests). */
export function unregisterWasmTrainingKernels(): void {
  for (const kernelName of [...STATIC_KERNELS.map((c) => c.kernelName), adamwUpdateConfig.kernelName, siluGradConfig.kernelName, ...WRAPPED.map(([name]) => name)]) {
    const installed = current(kernelName);
    if (!installed?.[OURS]) continue;
    unregisterKernel(kernelName, 'wasm');
    const stock = installed[REPLACED];
    if (stock) registerKernel(stock);
  }
}
