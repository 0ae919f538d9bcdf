import { tf, getModel, withInitSeed, ModelOptionError } from '@mambabench/core';
import { modelBuildOptions } from '../run/model-build-options';
import type { RunConfig } from '../experiment/expand';
import { ExperimentError } from '../experiment/validate';

/** The field a run's value came from: the grid when the grid set it, else the top-level field. */
const fieldOf = (run: RunConfig, key: string) => (key in run.overrides ? `grid.${key}` : key);

/**
 * Checks what only the data and the models can tell, before any run trains: every batch fits the
 * training split (drop_last would leave no batch at all), and every model builds and runs a
 * forward pass at its image size (a size below a model's total downsampling fails here, with the
 * model's own error, instead of hours into a sweep), with the model options its runs set.
 */
export function preflight(runs: readonly RunConfig[], file: string, trainImages: (imageSize: number) => number, numClasses: number): void {
  for (const run of runs) {
    const n = trainImages(run.train.image_size);
    if (run.train.batch_size > n) {
      throw new ExperimentError(file, fieldOf(run, 'batch_size'), `is larger than the ${n} training images, so no full batch can be drawn (run ${run.run_id})`, run.train.batch_size);
    }
  }
  const checked = new Set<string>();
  for (const run of runs) {
    const size = run.train.image_size;
    const options = modelBuildOptions(run.train, numClasses);
    const built = JSON.stringify([run.model, options]);
    if (checked.has(built)) continue;
    checked.add(built);
    const spec = getModel(run.model);
    let problem: string | null = null;
    // A build that throws half way leaves the variables it made so far with no model to dispose them.
    const variablesBefore = new Set(Object.keys(tf.engine().state.registeredVariables));
    try {
      const model = withInitSeed(0, () => spec.build(options));
      model.eval();
      const shape = tf.tidy(() => model.forward(tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 0)).shape);
      if (shape.join(',') !== `2,${numClasses}`) problem = `its output has shape [${shape}], expected [2, ${numClasses}]`;
    } catch (error) {
      // A model option the variant cannot take is that option's error, not the image size's.
      if (error instanceof ModelOptionError) throw new ExperimentError(file, fieldOf(run, error.option), `${error.message} (run ${run.run_id})`, (run.train as Record<string, unknown>)[error.option]);
      problem = (error as Error).message;
    } finally {
      for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!variablesBefore.has(name)) v.dispose();
    }
    if (problem) throw new ExperimentError(file, fieldOf(run, 'image_size'), `${size} px does not work for ${run.model}: ${problem}`, size);
  }
}
