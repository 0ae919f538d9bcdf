/// <reference types="@webgpu/types" />
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/**
 * WebGPU in Node through Dawn (the `webgpu` npm package: a prebuilt dawn.node per platform, no
 * download at install). Dawn drives Vulkan on Linux (NVIDIA, AMD, Intel, or Mesa's lavapipe on
 * the CPU), Metal on macOS and D3D12 on Windows. tfjs-backend-webgpu expects a browser: it reads
 * `navigator.gpu` and the GPUBufferUsage-style globals when its module is first evaluated, so
 * these are installed before it is imported.
 */
export interface GpuAdapterRecord {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software rasteriser (lavapipe / llvmpipe, SwiftShader, WARP) or a fallback adapter. */
  software: boolean;
  /** Storage-binding cap in bytes: lavapipe's 128 MiB limits tensor sizes there. */
  max_storage_binding_bytes: number;
  /** Whether kernels can be timed on the GPU (timestamp queries). */
  timestamp_query: boolean;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let gpu: GPU | null = null;

async function dawnGpu(): Promise<GPU> {
  if (gpu) return gpu;
  const specifier = 'webgpu';
  const dawn = (await import(specifier)) as DawnModule;
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  gpu = dawn.create([]);
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
  return gpu;
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render|warp/i;

export function describeAdapter(adapter: GPUAdapter): GpuAdapterRecord {
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const fallback = Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter
    ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return {
    vendor, architecture, device, description,
    software: fallback || SOFTWARE.test([vendor, architecture, device, description].join(' ')),
    max_storage_binding_bytes: adapter.limits.maxStorageBufferBindingSize,
    timestamp_query: adapter.features.has('timestamp-query'),
  };
}

export function adapterLabel(a: GpuAdapterRecord): string {
  const name = [a.vendor, a.architecture, a.device || a.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return `${name}${a.software ? ' (software)' : ''}`;
}

const LINUX_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/lib/x86_64-linux-gnu'];

/**
 * Whether Linux has a Vulkan loader Dawn can open: `auto` asks first, so a CPU-only machine
 * does not print Dawn's "Couldn't load Vulkan" on every run. Other platforms: assume yes.
 */
export function vulkanLoaderFound(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LINUX_LIB_DIRS];
  return dirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
}

export interface WebGpuAdapter {
  adapter: GPUAdapter;
  record: GpuAdapterRecord;
}

/**
 * The adapter Dawn picks for high performance (a discrete GPU before an integrated one, a
 * hardware one before a software one), or null with the reason when there is none: the
 * `webgpu` package has no build for this platform, or no Vulkan / Metal / D3D12 driver answers.
 */
export async function requestWebGpuAdapter(): Promise<WebGpuAdapter | { adapter: null; reason: string }> {
  let g: GPU;
  try {
    g = await dawnGpu();
  } catch (error) {
    return { adapter: null, reason: `the 'webgpu' package (Dawn) did not load: ${(error as Error).message}` };
  }
  const adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    return {
      adapter: null,
      reason: 'Dawn found no GPU adapter (on Linux it needs the Vulkan loader libvulkan1 and a Vulkan driver: ' +
        "NVIDIA's, Mesa's, or lavapipe for a software one; see the README)",
    };
  }
  return { adapter, record: describeAdapter(adapter) };
}

type BackendCtor = new (device: GPUDevice, adapterInfo?: unknown) => tf.KernelBackend;

/**
 * Registers tfjs's WebGPU backend on `adapter` (the package registers its own factory, which
 * requests an adapter of its choosing; ours replaces it so the run uses, and records, this one).
 * The device asks for the adapter's own limits where tfjs's defaults are lower.
 */
export async function registerWebGpuBackend(adapter: GPUAdapter): Promise<void> {
  // A literal specifier (a dependency of this package), so a bundler includes it against the same
  // tfjs-core as everything else; a dynamic import still evaluates it only after dawnGpu() has
  // installed navigator.gpu.
  const mod = (await import('@tensorflow/tfjs-backend-webgpu')) as { WebGPUBackend: BackendCtor };
  const limits = adapter.limits;
  const requiredFeatures = (['timestamp-query'] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
  });
  // WebGPU reports an invalid pipeline, an oversized binding or an out-of-memory here and
  // nowhere else: the op itself returns stale data. Training on after that would record wrong
  // numbers, so the process (one run of a sweep, one model of perf) stops with the message.
  device.addEventListener?.('uncapturederror', (e) => {
    const error = (e as GPUUncapturedErrorEvent).error;
    // The error's class is the only sign of an out-of-memory (its message is the driver's own):
    // say it in words, so the run's record is classified 'oom' (bench's failureStatus).
    const oom = error.constructor?.name === 'GPUOutOfMemoryError';
    const message = `WebGPU error${oom ? ' (out of memory)' : ''}: ${error.message}`;
    console.error(message);
    setImmediate(() => {
      throw new Error(`${message.split('\n')[0]} (stopping: results computed after a WebGPU error are not trustworthy)`);
    });
  });
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  tf.registerBackend('webgpu', () => new mod.WebGPUBackend(device, info), 0);
}
