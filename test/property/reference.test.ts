// Property 5: the model kernel agrees with a deliberately simple reference model written from the
// spec (reference-model.ts) on random multi-task histories: the same result or errno for every call,
// the same completions of sleeping calls after each step (which call, with what result), and the same
// values, sempids, GETNCNT/GETZCNT, otime/ctime, ownership and set list after each step.
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { runKernel, runProperty, type Budget } from './harness.js';
import { ReferenceModel } from './reference-model.js';
import { FOCUS, FULL, scenarioArb, type GenOptions, type Snap } from './scenario.js';

function snapDiff(k: Snap, r: Snap): string[] {
  const out: string[] = [];
  if (!isDeepStrictEqual(k.info, r.info))
    out.push(`SEM_INFO kernel ${JSON.stringify(k.info)} reference ${JSON.stringify(r.info)}`);
  if (!isDeepStrictEqual(k.tasks, r.tasks)) out.push(`tasks kernel [${k.tasks}] reference [${r.tasks}]`);
  const ids = new Set([...k.sets.map((s) => s.id), ...r.sets.map((s) => s.id)]);
  for (const id of ids) {
    const x = k.sets.find((s) => s.id === id);
    const y = r.sets.find((s) => s.id === id);
    if (!x || !y) {
      out.push(`set ${id} exists only in the ${x ? 'kernel' : 'reference'}`);
      continue;
    }
    for (const f of Object.keys(x) as (keyof typeof x)[])
      if (!isDeepStrictEqual(x[f], y[f]))
        out.push(`set ${id} ${f}: kernel ${JSON.stringify(x[f])} reference ${JSON.stringify(y[f])}`);
  }
  return out;
}

function agree(name: string, opts: GenOptions, budget: Budget): Promise<void> {
  return runProperty(
    name,
    scenarioArb(opts),
    async (sc) => {
      let ref: ReferenceModel | null = null;
      await runKernel(
        sc,
        (i, c, o) => {
          const r = ref!.step(i, c);
          const out: string[] = [];
          if (!isDeepStrictEqual(o.res, r.res))
            out.push(`result: kernel ${JSON.stringify(o.res)} reference ${JSON.stringify(r.res)}`);
          if (!isDeepStrictEqual(o.done, r.done))
            out.push(`completions: kernel ${JSON.stringify(o.done)} reference ${JSON.stringify(r.done)}`);
          out.push(...snapDiff(o.after, r.after));
          if (out.length) throw new Error(`step ${i} differs:\n    ${out.join('\n    ')}`);
        },
        {
          cleanup: true,
          start: (d) => {
            ref = new ReferenceModel(sc);
            const diff = snapDiff(d.snap(), ref.snap());
            if (diff.length) throw new Error(`after setup: ${diff.join('; ')}`);
          },
        },
      );
    },
    budget,
  );
}

test('property: the kernel model agrees with the reference model (every kind of call)', async () => {
  await agree('reference-model', FULL, { numRuns: 300, timeLimitMs: 5000 });
});

test('property: the kernel model agrees with the reference model (one contended set)', async () => {
  await agree('reference-model-focus', FOCUS, { numRuns: 300, timeLimitMs: 5000 });
});
