import { describe, expect, it } from 'vitest';
import { H100_ADAPTER } from './dr-fixture.ts';
import { adapterDetails, adapterKey, adapterLabel, adapterName, onWebGpu } from './gpu-adapter.ts';

const LAVAPIPE = {
  vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)',
  software: true, max_storage_binding_bytes: 134_217_728, timestamp_query: false,
};

describe('GPU adapter naming', () => {
  it('names an adapter by vendor, architecture and device, the description standing in for a missing device', () => {
    expect(adapterName(H100_ADAPTER)).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
    expect(adapterName(LAVAPIPE)).toBe('mesa llvmpipe (LLVM 15.0.6, 256 bits)');
    expect(adapterName({ ...LAVAPIPE, vendor: '', description: '' })).toBe('unnamed adapter');
  });

  it('flags a software adapter in the label, not in the name', () => {
    expect(adapterLabel(H100_ADAPTER)).toBe(adapterName(H100_ADAPTER));
    expect(adapterLabel(LAVAPIPE)).toBe('mesa llvmpipe (LLVM 15.0.6, 256 bits) (software)');
  });

  it('lists every field with units', () => {
    expect(adapterDetails(LAVAPIPE)).toEqual([
      ['vendor', 'mesa'], ['architecture', '—'], ['device', '—'], ['description', 'llvmpipe (LLVM 15.0.6, 256 bits)'],
      ['software', 'yes (software rasteriser or fallback adapter: no real GPU)'], ['max storage binding', '128 MiB'], ['timestamp queries', 'no'],
    ]);
  });

  it('tells adapters apart by every field', () => {
    expect(adapterKey({ ...H100_ADAPTER })).toBe(adapterKey(H100_ADAPTER));
    expect(adapterKey({ ...H100_ADAPTER, timestamp_query: false })).not.toBe(adapterKey(H100_ADAPTER));
  });

  it('counts a run as webgpu by its adapter or, for a crashed run without one, its backend', () => {
    expect(onWebGpu({ backend: 'webgpu', adapter: H100_ADAPTER })).toBe(true);
    expect(onWebGpu({ backend: 'webgpu' })).toBe(true);
    expect(onWebGpu({ backend: 'wasm', adapter: null })).toBe(false);
    expect(onWebGpu({ backend: 'tensorflow' })).toBe(false);
  });
});
