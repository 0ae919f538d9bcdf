import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module';

export interface ModelEmaOptions {
  /**
   * What happens to buffers (BatchNorm running statistics) on update():
   * - 'ema' (default): averaged like parameters. This is timm's ModelEmaV2 (and V1, and V3's
   *   default): it averages "everything in the model state_dict (parameters and buffers)".
   * - 'copy': copied from the model; timm's ModelEmaV3(exclude_buffers=True).
   */
  buffers?: 'ema' | 'copy';
}

/**
 * Exponential moving average of a model's weights, timm ModelEmaV2 semantics: shadow copies of
 * every parameter and buffer start equal to the model's; after each optimiser step, update()
 * does ema = decay * ema + (1 - decay) * w (no warm-up). Evaluate with the averaged weights
 * by swapping them into the model (withEmaWeights, or swapIn/swapOut) rather than keeping a
 * second model, so any Module works without a clone method and memory is one extra copy.
 * The published script's decay is 0.9998 (option present, off by default).
 */
export class ModelEma {
  readonly buffersMode: 'ema' | 'copy';
  updates = 0;
  private readonly shadow = new Map<string, tf.Variable>();
  private readonly bufferNames: Set<string>;
  /** The model's own weights while the EMA ones are swapped in. */
  private saved: Map<string, tf.Tensor> | null = null;
  private disposed = false;

  constructor(private readonly model: Module, readonly decay = 0.9998, options: ModelEmaOptions = {}) {
    if (!(decay >= 0 && decay <= 1)) throw new Error(`ModelEma: decay must be in [0, 1], got ${decay}`);
    this.buffersMode = options.buffers ?? 'ema';
    this.bufferNames = new Set(model.namedBuffers().map(([n]) => n));
    // A new variable over the same (reference-counted) data: no copy until either side changes.
    for (const [name, v] of model.stateDict()) this.shadow.set(name, tf.variable(v, false));
  }

  /** Call after each optimiser step. */
  update(): void {
    this.assertUsable('update');
    if (this.saved) throw new Error('ModelEma.update() while the EMA weights are swapped into the model; call swapOut() first');
    const d = this.decay;
    tf.tidy(() => {
      for (const [name, w] of this.live()) {
        const e = this.shadow.get(name)!;
        if (this.buffersMode === 'copy' && this.bufferNames.has(name)) e.assign(w);
        else e.assign(tf.add(tf.mul(e, d), tf.mul(w, 1 - d)));
      }
    });
    this.updates++;
  }

  /** timm's set(): make the EMA equal to the model's current weights. */
  set(): void {
    this.assertUsable('set');
    if (this.saved) throw new Error('ModelEma.set() while the EMA weights are swapped into the model');
    for (const [name, w] of this.live()) this.shadow.get(name)!.assign(w);
  }

  /** Puts the EMA weights into the model, keeping the model's own to restore with swapOut(). */
  swapIn(): void {
    this.assertUsable('swapIn');
    if (this.saved) throw new Error('ModelEma.swapIn(): already swapped in');
    const saved = new Map<string, tf.Tensor>();
    for (const [name, w] of this.live()) {
      // clone shares the data buffer (reference counted), so keeping it costs no copy.
      saved.set(name, tf.clone(w));
      w.assign(this.shadow.get(name)!);
    }
    this.saved = saved;
  }

  swapOut(): void {
    this.assertUsable('swapOut');
    if (!this.saved) throw new Error('ModelEma.swapOut(): not swapped in');
    for (const [name, w] of this.live()) {
      const own = this.saved.get(name)!;
      w.assign(own);
      own.dispose();
    }
    this.saved = null;
  }

  /**
   * Runs fn (e.g. an evaluation) with the EMA weights in the model and restores the model's own
   * afterwards, also when fn throws; when fn returns a promise, once it settles.
   */
  withEmaWeights<T>(fn: () => T): T {
    this.swapIn();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.swapOut();
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => this.swapOut()) as T;
    this.swapOut();
    return result;
  }

  /** The averaged weights by state_dict name (owned by this object; do not dispose). */
  stateDict(): Map<string, tf.Variable> {
    return new Map(this.shadow);
  }

  dispose(): void {
    if (this.disposed) return;
    if (this.saved) this.swapOut();
    for (const v of this.shadow.values()) v.dispose();
    this.shadow.clear();
    this.disposed = true;
  }

  private live(): Map<string, tf.Variable> {
    const sd = this.model.stateDict();
    if (sd.size !== this.shadow.size || [...sd.keys()].some((k) => !this.shadow.has(k))) {
      throw new Error('ModelEma: the model\'s state_dict changed since the EMA was created');
    }
    return sd;
  }

  private assertUsable(what: string) {
    if (this.disposed) throw new Error(`ModelEma.${what}() after dispose()`);
  }
}
