// A worker for run-lock.test.ts: two of these race for the same locks, round after round.
// Prints "ready", waits for "go <epoch ms>" on stdin, then at go + round * gap tries the lock of
// <base>/<round> and prints one JSON line per round. Wins are never released: a later attempt in
// the same round must still see the lock, so two winners in a round can only mean a broken lock;
// and the worker stays alive until told "exit", or the other would rightly take over a dead pid's lock.
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { acquireRunLock } from './run-lock.ts';

const [base, roundsText, gapText, staleText] = process.argv.slice(2);
const rounds = Number(roundsText);
const gap = Number(gapText);
const held: unknown[] = [];

const lines = createInterface({ input: process.stdin });
console.log('ready');
const go = await new Promise<number>((resolve) => lines.once('line', (l) => resolve(Number(l.split(' ')[1]))));
for (let round = 0; round < rounds; round++) {
  while (Date.now() < go + round * gap); // spin: a timer would add its own jitter
  const got = await acquireRunLock(join(base, String(round)), { staleMs: Number(staleText), heartbeatMs: 60_000 });
  if (got.acquired) held.push(got.lock);
  console.log(JSON.stringify({ round, won: got.acquired, token: got.acquired ? got.lock.holder.token : got.holder.token }));
}
console.log('done');
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
process.exit(0);
