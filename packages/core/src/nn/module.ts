import * as tf from '@tensorflow/tfjs-core';
import '../register-gradients';
import type { Rng } from '@mambabench/random';
import type { Initializer } from './init';

/** A trainable tensor with the metadata the optimizer needs. */
export interface Parameter {
  variable: tf.Variable;
  /** False for tensors that mamba_ssm marks `_no_weight_decay` (A_log, D). */
  weightDecay: boolean;
}

type Member =
  | { kind: 'param'; param: Parameter }
  | { kind: 'buffer'; buffer: tf.Variable }
  | { kind: 'module'; module: Module };

/**
 * A PyTorch-style module: named parameters (tf.Variable), non-trainable buffers (BatchNorm
 * running statistics), child modules, and a train/eval mode. Names are dotted paths that match
 * the PyTorch state_dict of the reference model where one exists ("layer1.0.conv1.weight").
 */
export abstract class Module {
  training = true;
  // One ordered map, so names come out in registration order as in PyTorch's state_dict.
  private readonly members = new Map<string, Member>();

  abstract forward(x: tf.Tensor): tf.Tensor;

  protected addParameter(
    name: string,
    shape: number[],
    init: Initializer,
    options: { weightDecay?: boolean } = {},
  ): tf.Variable {
    this.assertFreeName(name);
    // tidy: the variable shares the initial tensor's data, and that tensor would otherwise outlive
    // dispose() and keep the weights in memory.
    const variable = tf.tidy(() => tf.variable(tf.tensor(init(shape), shape, 'float32'), true));
    this.members.set(name, { kind: 'param', param: { variable, weightDecay: options.weightDecay ?? true } });
    return variable;
  }

  protected addBuffer(name: string, shape: number[], init: Initializer): tf.Variable {
    this.assertFreeName(name);
    const variable = tf.tidy(() => tf.variable(tf.tensor(init(shape), shape, 'float32'), false));
    this.members.set(name, { kind: 'buffer', buffer: variable });
    return variable;
  }

  protected addModule<M extends Module>(name: string, module: M): M {
    this.assertFreeName(name);
    this.members.set(name, { kind: 'module', module });
    return module;
  }

  private assertFreeName(name: string) {
    if (this.members.has(name)) {
      throw new Error(`${this.constructor.name}: duplicate member name "${name}"`);
    }
  }

  namedParameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [n, m] of this.members) {
      if (m.kind === 'param') out.push([prefix + n, m.param]);
      else if (m.kind === 'module') out.push(...m.module.namedParameters(`${prefix}${n}.`));
    }
    return out;
  }

  namedBuffers(prefix = ''): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [n, m] of this.members) {
      if (m.kind === 'buffer') out.push([prefix + n, m.buffer]);
      else if (m.kind === 'module') out.push(...m.module.namedBuffers(`${prefix}${n}.`));
    }
    return out;
  }

  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix.replace(/\.$/, ''), this]];
    for (const [n, m] of this.members) if (m.kind === 'module') out.push(...m.module.namedModules(`${prefix}${n}.`));
    return out;
  }

  /**
   * Every generator the model draws from in train mode (dropout masks, drop-path), by module
   * name. They were forked off the init seed at build time and move on every step, so a
   * checkpoint keeps their states for a resumed run to draw what an unbroken one would.
   */
  namedRandomStreams(): [string, Rng][] {
    return this.namedModules().flatMap(([n, m]): [string, Rng][] => {
      const rng = m.randomStream();
      return rng ? [[n, rng]] : [];
    });
  }

  /** The generator this module itself draws from in train mode; none by default. */
  protected randomStream(): Rng | null {
    return null;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  trainableVariables(): tf.Variable[] {
    return this.parameters().map((p) => p.variable);
  }

  /** Number of trainable scalars, counted like sum(p.numel() for p in model.parameters()). */
  numParams(): number {
    return this.parameters().reduce((n, p) => n + p.variable.size, 0);
  }

  /** Everything that defines the model's state: parameters then buffers, by name. */
  stateDict(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [n, p] of this.namedParameters()) out.set(n, p.variable);
    for (const [n, b] of this.namedBuffers()) out.set(n, b);
    return out;
  }

  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  dispose(): void {
    for (const v of this.stateDict().values()) v.dispose();
  }
}

/** Runs child modules in order, like nn.Sequential; children are named "0", "1", ... */
export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers.map((l, i) => this.addModule(String(i), l));
  }

  /**
   * Each layer in its own tf.tidy, and each intermediate output disposed once the next layer has
   * consumed it: an inference forward then holds about one layer's tensors, not the whole
   * model's. Safe while a gradient tape records, since the tape keeps its own clones of what
   * backward needs.
   */
  forward(x: tf.Tensor): tf.Tensor {
    let h = x;
    for (const layer of this.layers) {
      const input = h;
      h = tf.tidy(() => layer.forward(input));
      if (input !== x && input !== h) input.dispose();
    }
    return h;
  }
}
