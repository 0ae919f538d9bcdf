export { selectiveScan, type SelectiveScanOptions } from './selective-scan';
export { scanForward } from './forward';
export { scanBackward } from './backward';
export {
  jsSelectiveScanKernel, getSelectiveScanKernel, activeScanKernelName, setSelectiveScanKernel, resolveSelectiveScanKernel, SCAN_KERNELS, type ScanKernelChoice,
} from './kernel';
export { createWasmSelectiveScanKernel, wasmScanKernelBuilt } from './wasm-kernel';
export { defaultCheckpointInterval } from './scan-state-spacing';
export type {
  ScanArray,
  ScanCheckpoints,
  ScanDims,
  ScanForwardResult,
  ScanGrads,
  ScanInputs,
  SelectiveScanKernel,
} from './types';
export { webGpuScanMode, WEBGPU_SCAN_MODES, type WebGpuScanMode } from './webgpu-op';
