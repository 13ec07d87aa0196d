// Property 2: a call that fails (any errno), a call that goes to sleep, and a read-only semctl change
// nothing observable at that moment (spec 5.2, 5.9, 6): values, sempids, otime/ctime, the set list.
// Documented exceptions: a sleeping call is counted in GETNCNT/GETZCNT (on the semaphore of its
// blocking sop, 5.7); an undo entry that a failed SEM_UNDO semop allocated (7.2) only shows at exit.
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { KStepObs } from './kernel-driver.js';
import { runKernel, runProperty } from './harness.js';
import { FULL, blockingSop, scenarioArb, type Cmd, type Snap } from './scenario.js';

const CALLS = new Set([
  'semop',
  'setval',
  'setall',
  'get',
  'ipcset',
  'rmid',
  'semget',
  'fork',
  'thread',
  'unshare',
  'exec',
  'setns',
]);

function diff(a: Snap, b: Snap): string {
  const out: string[] = [];
  if (!isDeepStrictEqual(a.info, b.info))
    out.push(`SEM_INFO ${JSON.stringify(a.info)} -> ${JSON.stringify(b.info)}`);
  const ids = new Set([...a.sets.map((s) => s.id), ...b.sets.map((s) => s.id)]);
  for (const id of ids) {
    const x = a.sets.find((s) => s.id === id);
    const y = b.sets.find((s) => s.id === id);
    if (!x || !y) {
      out.push(`set ${id} ${x ? 'vanished' : 'appeared'}`);
      continue;
    }
    for (const k of Object.keys(x) as (keyof typeof x)[])
      if (!isDeepStrictEqual(x[k], y[k]))
        out.push(`set ${id} ${k}: ${JSON.stringify(x[k])} -> ${JSON.stringify(y[k])}`);
  }
  a.tasks.forEach((t, i) => {
    if (t !== b.tasks[i]) out.push(`task ${t} -> ${b.tasks[i]}`);
  });
  return out.join('; ');
}

function check(i: number, c: Cmd, o: KStepObs): void {
  if (!CALLS.has(c.k) || 'skip' in o.res) return;
  const readOnly = c.k === 'get' && 'ok' in o.res;
  if ('err' in o.res || readOnly) {
    const d = diff(o.before, o.after);
    if (d)
      throw new Error(
        `step ${i}: ${'err' in o.res ? `failed call (${o.res.err})` : 'read-only semctl'} changed: ${d}`,
      );
    return;
  }
  if (!('sleep' in o.res) || c.k !== 'semop') return;
  // Expected: the same snapshot, with the caller asleep and counted once on its blocking sop.
  const exp: Snap = structuredClone(o.before);
  const set = exp.sets.find((s) => s.id === o.semid);
  if (!set) throw new Error(`step ${i}: slept on set ${o.semid}, which does not exist`);
  const k = blockingSop(set.vals, c.sops);
  if (k === 'proceeds') throw new Error(`step ${i}: slept although its sops could all proceed`);
  const sop = c.sops[k]!;
  if (sop.flg & 0o4000) throw new Error(`step ${i}: slept although its blocking sop ${k} has IPC_NOWAIT`);
  (sop.op === 0 ? set.zcnt : set.ncnt)[sop.num]! += 1;
  exp.tasks[o.task!] = exp.tasks[o.task!]!.replace(/running$/, 'blocked');
  const d = diff(exp, o.after);
  if (d) throw new Error(`step ${i}: a call that went to sleep changed (beyond its own count): ${d}`);
}

test('property: failed, sleeping and read-only calls change nothing observable', async () => {
  await runProperty(
    'no-effect-on-failure',
    scenarioArb(FULL),
    async (sc) => {
      await runKernel(sc, check);
    },
    { numRuns: 400, timeLimitMs: 6000 },
  );
});
