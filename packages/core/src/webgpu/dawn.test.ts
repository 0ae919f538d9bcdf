import { describe, expect, it } from 'vitest';
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
