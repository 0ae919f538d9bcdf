// Test helpers shared by the model packages: import from '@mambabench/core/testing'.
export { TEST_BACKENDS, useBackend, values, relError, randomArray, withCheckpointing } from './backends';
export { parametersWithoutGradient, parameterBreakdown, stageGroup, evalLogits, ss2dProjectionMacs } from './model-checks';
export { variantProblems } from './variant-problems';
export { webGpuTestAdapter, useWebGpu, valuesAsync } from './webgpu';
