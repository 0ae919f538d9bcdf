import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../experiment/validate';
import { expandRuns } from '../experiment/expand';
import { modelBuildOptions } from './model-build-options';

const experiment = (extra: object) => validateExperiment({ name: 'e', models: ['m'], data: { kind: 'synthetic' }, image_size: 32, ...extra }, 'e.json');

describe('the options a run builds its model with', () => {
  it('are the classes and image size, plus drop_path_rate only when the experiment sets it', () => {
    const [plain] = expandRuns(experiment({}), 'e.json');
    expect(plain!.train).not.toHaveProperty('drop_path_rate'); // stored runs keep their keys
    expect(modelBuildOptions(plain!.train, 3)).toEqual({ numClasses: 3, imageSize: 32, inChannels: 3 });
    const swept = expandRuns(experiment({ grid: { drop_path_rate: [0, 0.3] } }), 'e.json');
    expect(swept.map((r) => modelBuildOptions(r.train, 2).dropPathRate)).toEqual([0, 0.3]);
    expect(() => experiment({ drop_path_rate: 1 })).toThrow(/field "drop_path_rate" must be a number >= 0 and < 1 \(got 1\)/);
  });
});
