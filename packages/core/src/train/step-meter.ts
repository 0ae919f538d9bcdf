import * as tf from '@tensorflow/tfjs-core';
import type { StepResult } from './train-step';

export interface StepMeterOptions {
  /**
   * Steps between reads (`due` turns true after this many unread steps). Each read waits for the
   * device to finish everything queued, so reading every step stalls a GPU every step; larger
   * values stall it less often and find a NaN loss later. Infinity reads only when asked
   * (e.g. at the end of the epoch). Default 10.
   */
  readEvery?: number;
  /**
   * `due` also turns true once the oldest unread step was added this long ago, so slow steps
   * (a CPU backend, large images) are not left unread for minutes: progress lines and the NaN
   * check stay as prompt as when every step was read. Default 5000 ms; Infinity turns it off.
   */
  maxWaitMs?: number;
  /** Milliseconds for maxWaitMs (tests inject one); default performance.now. */
  clock?: () => number;
}

/** The numbers of one read, and the running totals of the epoch so far. */
export interface MeterReading {
  /** The steps this read covered, 1-based within the epoch, inclusive. */
  firstStep: number;
  lastStep: number;
  /** Steps, images, correct images and mean loss per image since reset(). */
  steps: number;
  count: number;
  correct: number;
  loss: number;
  accuracy: number;
}

/** The running sums of an epoch so far, as plain JSON: a checkpoint taken mid-epoch stores them. */
export interface StepMeterTotals {
  steps: number;
  loss_sum: number;
  correct_sum: number;
  count_sum: number;
}

/** A step's loss was NaN or infinite: the run has diverged. `step` is 1-based within the epoch. */
export class NonFiniteLossError extends Error {
  constructor(readonly loss: number, readonly where: string, readonly step: number) {
    super(`loss became ${loss} at ${where ? `${where}, ` : ''}step ${step}`);
    this.name = 'NonFiniteLossError';
  }
}

/**
 * Gathers train steps' loss and correct count on the device and reads many steps at once, so the
 * training loop never reads synchronously (webgpu in Node cannot) and stalls the device once per
 * read instead of once per step. Each step's mean loss is kept, not only a sum: the totals are
 * then summed on the host in float64 exactly as when every step was read, and a NaN or infinite
 * loss is pinned to the step it appeared in.
 *
 * Per step the pending values grow by one element (a concat), so the number of live tensors stays
 * constant however many steps wait. The meter owns the tensors passed to add().
 */
export class StepMeter {
  readonly readEvery: number;
  readonly maxWaitMs: number;
  private readonly clock: () => number;
  /** When the oldest unread step was added. */
  private oldestAt = 0;
  /** Unread steps' mean losses [n] float32 and correct counts [n] int32; null when none wait. */
  private losses: tf.Tensor1D | null = null;
  private corrects: tf.Tensor1D | null = null;
  private counts: number[] = [];
  private where = '';
  private stepsRead = 0;
  private lossSum = 0;
  private correctSum = 0;
  private countSum = 0;

  constructor(options: StepMeterOptions = {}) {
    this.readEvery = options.readEvery ?? 10;
    this.maxWaitMs = options.maxWaitMs ?? 5000;
    this.clock = options.clock ?? (() => performance.now());
    if (!(this.readEvery >= 1)) throw new Error(`StepMeter: readEvery must be >= 1 (or Infinity), got ${this.readEvery}`);
    if (!(this.maxWaitMs >= 0)) throw new Error(`StepMeter: maxWaitMs must be >= 0 (or Infinity), got ${this.maxWaitMs}`);
  }

  /**
   * Starts a new epoch: totals and step numbers from zero. `where` (e.g. "epoch 3") prefixes the
   * step in the non-finite loss error. Unread steps are an error: their numbers would be lost.
   */
  reset(where = ''): void {
    if (this.pending > 0) throw new Error(`StepMeter.reset(): ${this.pending} step(s) not read yet; call read() first`);
    this.where = where;
    this.stepsRead = 0;
    this.lossSum = 0;
    this.correctSum = 0;
    this.countSum = 0;
  }

  /**
   * The epoch's totals so far, for a checkpoint taken mid-epoch; read() first (unread steps are
   * not in them). resume() puts them back, and the epoch's reading is then the same as if it had
   * never stopped: the sums are float64 and added step by step in the same order.
   */
  totals(): StepMeterTotals {
    if (this.pending > 0) throw new Error(`StepMeter.totals(): ${this.pending} step(s) not read yet; call read() first`);
    return { steps: this.stepsRead, loss_sum: this.lossSum, correct_sum: this.correctSum, count_sum: this.countSum };
  }

  /** Like reset(), but continues an epoch from totals() saved part-way through it. */
  resume(where: string, totals: StepMeterTotals): void {
    this.reset(where);
    this.stepsRead = totals.steps;
    this.lossSum = totals.loss_sum;
    this.correctSum = totals.correct_sum;
    this.countSum = totals.count_sum;
  }

  /** Records one step; takes ownership of its loss and correct tensors. */
  add(step: StepResult): void {
    // kept: a caller's enclosing tf.tidy must not dispose what the meter holds across steps.
    const append = (all: tf.Tensor1D | null, one: tf.Scalar) =>
      tf.keep(tf.tidy(() => (all ? tf.concat([all, tf.reshape(one, [1])]) : tf.reshape(one, [1])) as tf.Tensor1D));
    const losses = append(this.losses, step.loss);
    const corrects = append(this.corrects, step.correct);
    tf.dispose([...present(this.losses, this.corrects), step.loss, step.correct]);
    this.losses = losses;
    this.corrects = corrects;
    if (this.counts.length === 0) this.oldestAt = this.clock();
    this.counts.push(step.count);
  }

  /** Steps added since the last read. */
  get pending(): number {
    return this.counts.length;
  }

  /** Whether readEvery steps wait unread, or the oldest has waited maxWaitMs. */
  get due(): boolean {
    return this.pending >= this.readEvery || (this.pending > 0 && this.clock() - this.oldestAt >= this.maxWaitMs);
  }

  /**
   * Reads the unread steps (both values in one read each, started together) and adds them to the
   * totals. Throws `loss became NaN at epoch 3, step 17` when a step's loss is not finite.
   * With nothing pending it returns the totals as they are.
   */
  async read(): Promise<MeterReading> {
    const firstStep = this.stepsRead + 1;
    const counts = this.counts;
    const tensors = present(this.losses, this.corrects);
    this.losses = null;
    this.corrects = null;
    this.counts = [];
    let values: ArrayLike<number>[];
    try {
      values = (await Promise.all(tensors.map((t) => t.data()))) as ArrayLike<number>[];
    } finally {
      tf.dispose(tensors);
    }
    if (counts.length > 0) {
      const [losses, corrects] = values;
      for (let i = 0; i < counts.length; i++) {
        const loss = losses[i];
        if (!Number.isFinite(loss)) {
          this.stepsRead += i + 1;
          throw new NonFiniteLossError(loss, this.where, this.stepsRead);
        }
        this.lossSum += loss * counts[i];
        this.correctSum += corrects[i];
        this.countSum += counts[i];
      }
      this.stepsRead += counts.length;
    }
    return {
      firstStep, lastStep: this.stepsRead, steps: this.stepsRead, count: this.countSum, correct: this.correctSum,
      loss: this.lossSum / this.countSum, accuracy: this.correctSum / this.countSum,
    };
  }

  /** Releases unread steps' tensors. */
  dispose(): void {
    tf.dispose(present(this.losses, this.corrects));
    this.losses = null;
    this.corrects = null;
    this.counts = [];
  }
}

const present = (...ts: (tf.Tensor1D | null)[]): tf.Tensor1D[] => ts.filter((t): t is tf.Tensor1D => t !== null);
