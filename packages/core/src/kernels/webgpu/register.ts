/** Registers mambabench's own WGSL kernels for the webgpu backend (once per process). */
let registered = false;

export function registerWebGpuKernels(): void {
  if (registered) return;
  registered = true;
}
