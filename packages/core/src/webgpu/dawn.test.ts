import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { webGpuTestAdapter } from '../testing/webgpu';
import { adapterLabel, describeAdapter } from './dawn';

const fakeAdapter = (info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }, features: string[] = []) => ({
  info,
  features: new Set(features),
  limits: { maxStorageBufferBindingSize: 2 ** 31 },
}) as unknown as GPUAdapter;

describe('describeAdapter', () => {
  it('marks lavapipe / llvmpipe and fallback adapters as software, a discrete GPU as hardware', () => {
    const lavapipe = describeAdapter(fakeAdapter({ vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15', description: 'llvmpipe' }, ['timestamp-query']));
    expect(lavapipe.software).toBe(true);
    expect(lavapipe.timestamp_query).toBe(true);
    expect(adapterLabel(lavapipe)).toBe('mesa software llvmpipe-llvm-15 (software)');
    expect(describeAdapter(fakeAdapter({ vendor: 'google', device: 'swiftshader' })).software).toBe(true);
    expect(describeAdapter(fakeAdapter({ vendor: 'nvidia', device: 'x', isFallbackAdapter: true })).software).toBe(true);
    const h100 = describeAdapter(fakeAdapter({ vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H100 80GB HBM3', description: 'NVIDIA: 550.54' }));
    expect(h100).toMatchObject({ vendor: 'nvidia', software: false, timestamp_query: false, max_storage_binding_bytes: 2 ** 31 });
    expect(adapterLabel(h100)).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
  });
});

const gpu = await webGpuTestAdapter('a WebGPU error stops the process');

describe.skipIf(!gpu)('a WebGPU error', () => {
  it('stops the process with the message instead of training on stale data', () => {
    const script = [
      "import { tf, initBackend } from '@mambabench/core';",
      "await initBackend('webgpu');",
      "tf.backend().device.createShaderModule({ code: 'not wgsl' });",
      'await new Promise((r) => setTimeout(r, 3000));',
      "console.log('still running');",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('still running');
    expect(r.stderr).toMatch(/WebGPU error: .*stopping: results computed after a WebGPU error are not trustworthy/s);
  }, 60_000);
});
