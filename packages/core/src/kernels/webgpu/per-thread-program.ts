import { USE_UNIFORMS, WORKGROUP, wgslConsts, wgslProgram, wgslSizes, type WgslProgram } from './program';
import type { ScanShape } from './scan-shapes';

/**
 * The scan kernels that run one thread per (batch row, channel) or per (batch row, chunk,
 * channel): their program and main()'s common opening (the sizes, the thread's coordinates b, c,
 * d, past-the-end threads leaving, and A's row in `a`), written once. `body` continues main().
 */
export function perThreadScanProgram(o: {
  key: string; s: ScanShape; over: 'row-channel' | 'row-chunk-channel'; sizes: Record<string, number>;
  outputSize: number; inputs: string[]; body: string;
}): WgslProgram {
  const { s } = o;
  const threads = o.over === 'row-channel' ? s.B * s.D : s.B * s.CH * s.D;
  const sizes = { ...o.sizes, SD: s.D, SCH: s.CH, STHREADS: threads };
  const coords = o.over === 'row-channel'
    ? 'let b = idx / SD;\n  let d = idx % SD;'
    : 'let d = idx % SD;\n  let c = (idx / SD) % SCH;\n  let b = idx / (SD * SCH);';
  const code = /* wgsl */ `
${wgslConsts({ SN: s.N })}
fn main(index : i32) {
  ${USE_UNIFORMS}
  ${wgslSizes(sizes)}
  let idx = u32(index);
  if (idx >= STHREADS) { return; }
  ${coords}
  var a : array<f32, SN>;
  for (var n = 0u; n < SN; n++) { a[n] = params[d * SN + n]; }
${o.body}
}
`;
  return wgslProgram({
    key: `${o.key}_n${s.N}`, sizes, outputShape: [o.outputSize], inputs: o.inputs, workgroups: Math.ceil(threads / WORKGROUP), code,
  });
}
