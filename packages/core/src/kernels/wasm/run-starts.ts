/**
 * An odometer over some axes (last one fastest) that carries a memory offset along: the start
 * of each contiguous run of a slice, or of each block of a transpose. Offsets and strides in any
 * unit (bytes or elements).
 */
export class RunStarts {
  private readonly counter: number[];
  at: number;
  constructor(private readonly strides: number[], private readonly sizes: number[], first: number) {
    this.counter = sizes.map(() => 0);
    this.at = first;
  }
  advance(): void {
    for (let d = this.sizes.length - 1; d >= 0; d--) {
      this.at += this.strides[d];
      if (++this.counter[d] < this.sizes[d]) return;
      this.at -= this.strides[d] * this.sizes[d];
      this.counter[d] = 0;
    }
  }
}
