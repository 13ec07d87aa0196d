// Property: restore(checkpoint(k)) behaves like k. A random multi-task history runs on machine K up to
// a random point; K is checkpointed and restored (exact mode) into K' on a clock at the same time.
// checkpoint(K') must be byte-identical to checkpoint(K); then the rest of the history, and a final
// SIGKILL of every process, run on both: every step must give the same result, the same completions
// of sleeping calls, the same observable state, and the same image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { checkpoint, restore } from '../../src/api/index.js';
import { history, killAll, runProperty } from './harness.js';
import { KernelDriver } from './kernel-driver.js';
import { FOCUS, FULL, scenarioArb, type Cmd, type GenOptions, type Scenario } from './scenario.js';

async function check(sc: Scenario, cut: number): Promise<void> {
  const d1 = new KernelDriver(sc);
  const at = Math.min(cut, sc.cmds.length);
  for (let i = 0; i < at; i++) await d1.step(i, sc.cmds[i]!);
  const img = checkpoint(d1.kernel);
  const d2 = new KernelDriver(sc, { of: d1, restore: (_k, clock) => restore(img, { clock }) });
  const fail = (what: string) => new Error(`${what} (restored after step ${at - 1})\n${history(sc, d1.log)}`);
  if (checkpoint(d2.kernel) !== img) throw fail('the restored machine checkpoints differently');
  const rest: Cmd[] = sc.cmds.slice(at);
  let i = at;
  const run = async (c: Cmd) => {
    const [o1, o2] = [await d1.step(i, c), await d2.step(i, c)];
    if (!isDeepStrictEqual(o1.res, o2.res) || !isDeepStrictEqual(o1.done, o2.done))
      throw fail(
        `step ${i}: original ${JSON.stringify([o1.res, o1.done])}, restored ${JSON.stringify([o2.res, o2.done])}`,
      );
    if (!isDeepStrictEqual(o1.after, o2.after))
      throw fail(
        `step ${i}: the state differs after the step: ${JSON.stringify(o1.after)} vs ${JSON.stringify(o2.after)}`,
      );
    if (checkpoint(d1.kernel) !== checkpoint(d2.kernel))
      throw fail(`step ${i}: the images differ after the step`);
    i++;
  };
  for (const c of rest) await run(c);
  for (const c of killAll(d1)) await run(c);
  assert.equal(d2.tasks.filter((t) => t.alive).length, 1, 'only the observer is left');
}

function behaves(name: string, opts: GenOptions): Promise<void> {
  const arb = scenarioArb(opts).chain((sc) =>
    fc.record({ sc: fc.constant(sc), cut: fc.nat(sc.cmds.length) }),
  );
  return runProperty(name, arb, ({ sc, cut }) => check(sc, cut), { numRuns: 200, timeLimitMs: 4000 });
}

test('property: a machine restored from its image goes on exactly as the original (every kind of call)', async () => {
  await behaves('image-exact', FULL);
});

test('property: a machine restored from its image goes on exactly as the original (one contended set)', async () => {
  await behaves('image-exact-focus', FOCUS);
});
