import { describe, expect, it } from 'vitest';
import { registerModel, getModel, listModels } from './registry';
import { Linear } from './nn/linear';

describe('model registry', () => {
  const spec = { name: 'test-linear', family: 'Test', size: 'scaled' as const, description: 'd', build: () => new Linear(2, 2) };

  it('registers, lists and looks up variants by name', () => {
    registerModel(spec, 'pkg-a');
    expect(getModel('test-linear').family).toBe('Test');
    expect(listModels().map((m) => m.name)).toContain('test-linear');
    registerModel(spec, 'pkg-a'); // the same package importing twice is fine
  });

  it('names both packages when two register the same variant', () => {
    expect(() => registerModel(spec, 'pkg-b')).toThrow(/"test-linear" is registered twice: by pkg-a and by pkg-b/);
  });

  it('lists the known variants when a name is unknown, and rejects bad names', () => {
    expect(() => getModel('nope')).toThrow(/Unknown model variant "nope". Registered variants: .*test-linear/);
    expect(() => registerModel({ ...spec, name: 'Bad Name' }, 'x')).toThrow(/invalid variant name "Bad Name"/);
  });
});
