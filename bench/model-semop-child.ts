// Child process of the semop benchmarks: one ModelSemopLoop per process, so that each configuration
// is compiled and optimised by V8 on its own, untouched by what ran before it. Each message from the
// parent is a number of rounds; the answer is the rate of that run.
import { ModelSemopLoop } from './model-semop.js';

const sets = Number(process.argv[2]);
if (!Number.isInteger(sets) || sets < 1) throw new Error('usage: model-semop-child SETS');
const loop = new ModelSemopLoop(sets);
process.on('message', (rounds: number) => {
  process.send!(loop.run(rounds));
});
