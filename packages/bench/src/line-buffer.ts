/**
 * Cuts a stream's chunks into whole lines: a chunk can end mid-line, and the lines of two runs'
 * processes must never interleave mid-line in a sweep's output. push() calls onLine for each
 * complete line (without its newline); flush() hands over what is left when the stream ends.
 */
export function lineBuffer(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let pending = '';
  return {
    push(chunk) {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      for (const line of parts) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    },
    flush() {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
