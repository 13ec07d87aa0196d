// Property 3: GETNCNT/GETZCNT match the sleeping calls. Each sleeping call counts once, on the
// semaphore of its blocking sop (spec 5.7): in GETNCNT if that sop decrements, in GETZCNT if it waits
// for zero. The test re-derives the blocking sop on its own, by evaluating each sleeping call's sops
// on the current values (5.2).
//
// Restriction (said in the name of the generator option): no multi-sop call whose sops all wait for
// zero. Such a "complex const" waiter is re-evaluated only when one of the semaphores a later call
// names becomes 0 (5.5 item 6), so its blocking sop can be stale (example W6) and a fresh evaluation
// would not give the kernel's count. Every other sleeper is re-evaluated after every change that could
// move its blocking sop: simple waiters have one sop; complex altering waiters sit in the set-wide
// queue, which every altering call, SETVAL/SETALL and exit rescans with restart after each success
// (5.5, 5.7 last bullet). The stale case is covered by the reference model (reference.test.ts).
// Sleepers of a stopped process are not counted (SIGSTOP took them off the queues; they end with
// EINTR at SIGCONT).
import { test } from 'node:test';
import type { KStepObs, KernelDriver } from './kernel-driver.js';
import { runKernel, runProperty } from './harness.js';
import { FULL, blockingSop, scenarioArb, type Cmd } from './scenario.js';

function check(i: number, _c: Cmd, o: KStepObs, d: KernelDriver): void {
  const expN = new Map<number, number[]>();
  const expZ = new Map<number, number[]>();
  for (const s of o.after.sets) {
    expN.set(s.id, new Array<number>(s.nsems).fill(0));
    expZ.set(s.id, new Array<number>(s.nsems).fill(0));
  }
  for (const w of d.sleepers) {
    if (w.task.stopped) continue;
    const set = o.after.sets.find((s) => s.id === w.semid);
    if (!set)
      throw new Error(`after step ${i}: the call of step ${w.call} sleeps on set ${w.semid}, which is gone`);
    const k = blockingSop(set.vals, w.sops);
    if (k === 'proceeds')
      throw new Error(
        `after step ${i}: the call of step ${w.call} still sleeps although all its sops could proceed`,
      );
    const sop = w.sops[k]!;
    if (sop.flg & 0o4000)
      throw new Error(`after step ${i}: the call of step ${w.call} sleeps on sop ${k}, which has IPC_NOWAIT`);
    (sop.op === 0 ? expZ : expN).get(set.id)![sop.num]! += 1;
  }
  for (const s of o.after.sets) {
    const n = expN.get(s.id)!;
    const z = expZ.get(s.id)!;
    if (n.join() !== s.ncnt.join() || z.join() !== s.zcnt.join())
      throw new Error(
        `after step ${i}: set ${s.id} (values [${s.vals}]) GETNCNT [${s.ncnt}] GETZCNT [${s.zcnt}], ` +
          `expected GETNCNT [${n}] GETZCNT [${z}] from the sleeping calls ` +
          d.sleepers
            .filter((w) => w.semid === s.id)
            .map((w) => `step ${w.call} ${JSON.stringify(w.sops)}`)
            .join(', '),
      );
  }
}

test('property: GETNCNT/GETZCNT count each sleeping call once, on its blocking sop', async () => {
  await runProperty(
    'ncnt-zcnt-match-sleepers',
    scenarioArb({ ...FULL, complexConst: false }),
    async (sc) => {
      await runKernel(sc, check);
    },
    { numRuns: 400, timeLimitMs: 6000 },
  );
});
