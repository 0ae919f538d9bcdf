import type { Module } from './nn/module';

/** What every model builder receives. */
export interface ModelBuildOptions {
  numClasses: number;
  imageSize: number;
  inChannels: number;
  /**
   * Stochastic depth: the rate of the deepest block (the experiment's drop_path_rate); absent keeps
   * the variant's own. Only variants whose blocks have drop path accept it.
   */
  dropPathRate?: number;
}

/** "official": the authors' smallest published size; "scaled": the CPU-sized spec of the same family. */
export type ModelSize = 'official' | 'scaled';

/**
 * A registered model variant (timm's register_model). Model packages call registerModel when
 * imported; the runner only ever looks variants up here, so a new package needs no runner change.
 */
export interface ModelSpec {
  /** Unique variant name used in experiment files, e.g. "nnmamba3-scaled". */
  name: string;
  /** Model family shown in reports, e.g. "nnMamba". */
  family: string;
  size: ModelSize;
  description: string;
  build: (options: ModelBuildOptions) => Module;
  /** Exact parameter count at 2 classes, 3 input channels, where the spec gives one. */
  expectedParams?: (imageSize: number) => number;
}

const registry = new Map<string, ModelSpec & { source: string }>();

export function registerModel(spec: ModelSpec, source = 'unknown'): void {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(spec.name)) {
    throw new Error(`registerModel: invalid variant name "${spec.name}" (lowercase letters, digits, . _ -)`);
  }
  const existing = registry.get(spec.name);
  if (existing && existing.source !== source) {
    throw new Error(`Model variant "${spec.name}" is registered twice: by ${existing.source} and by ${source}`);
  }
  registry.set(spec.name, { ...spec, source });
}

export function getModel(name: string): ModelSpec {
  const spec = registry.get(name);
  if (!spec) {
    const known = [...registry.keys()].sort().join(', ') || '(none registered)';
    throw new Error(`Unknown model variant "${name}". Registered variants: ${known}`);
  }
  return spec;
}

export function listModels(): (ModelSpec & { source: string })[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}
