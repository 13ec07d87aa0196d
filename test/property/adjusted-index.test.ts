// SemArray.adjusted, the index the supervisor walks instead of every undo entry of a set: after every
// step of random histories (SEM_UNDO semops, sleeps and wake-ups, SETVAL/SETALL, IPC_RMID, exits,
// threads with lists of their own, unshare), each entry with a non-zero adjustment on a live set is in its
// set's index, and the index holds no entry of another set — while each step's walk (adjustedEntries)
// drops the entries it finds all zero, as the supervisor's walks do.
import { test } from 'node:test';
import { adjustedEntries, type SemArray } from '../../src/kernel/index.js';
import type { KernelDriver } from './kernel-driver.js';
import { runKernel, runProperty } from './harness.js';
import { FULL, scenarioArb } from './scenario.js';

function checkIndex(d: KernelDriver): void {
  const walked = new Set<SemArray>();
  for (const t of d.kernel.state.tasks.values()) {
    for (let e = t.undoList?.head ?? null; e; e = e.next) {
      const set = e.set;
      if (!set || set.deleted || e.semid === -1) continue;
      walked.add(set);
      if (e.semadj.some((a) => a !== 0) && !set.adjusted?.has(e))
        throw new Error(
          `tid ${t.tid}: its entry for set ${e.semid} adjusts [${e.semadj}] but is not indexed`,
        );
      for (const x of set.adjusted ?? [])
        if (x.set !== set) throw new Error(`set ${e.semid} indexes an entry of set ${x.semid}`);
    }
  }
  for (const set of walked) adjustedEntries(set);
}

test('property: every non-zero undo entry of a live set is in its set.adjusted index', async () => {
  await runProperty(
    'adjusted-index',
    scenarioArb(FULL),
    async (sc) => {
      await runKernel(sc, (_i, _c, _o, d) => checkIndex(d), { cleanup: true });
    },
    { numRuns: 300, timeLimitMs: 5000 },
  );
});
