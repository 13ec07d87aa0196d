// Property 4: conservation. Once every task has exited, each semaphore's value is its initial value
// plus the sum of every successful sem_op made without SEM_UNDO, plus what clamping added when an undo
// list was applied (spec 7.4: val = clamp(val + semadj, 0, 32767); without clamping, the SEM_UNDO
// operations cancel out exactly).
//
// The clamp correction is computed by the test on its own: it keeps each undo list's semadj from the
// successful calls (7.3), follows the sharing of lists (7.1: threads and fork(CLONE_SYSVSEM) share,
// the last holder applies) and, when a step detaches the last holder, applies the list to the values
// read just before the step. Histories are generated so that this is exact: no SETVAL/SETALL/IPC_RMID
// (they clear or invalidate semadj), no thread with its own list and no unshare (so a step applies at
// most one list, and every thread of a process holds the same one).
import { test } from 'node:test';
import type { KernelDriver, KStepObs } from './kernel-driver.js';
import { runKernel, runProperty } from './harness.js';
import { FULL, scenarioArb, type Cmd, type Scenario } from './scenario.js';

const SEM_UNDO = 0x1000;

interface List {
  refcnt: number;
  /** semid -> semadj */
  adj: Map<number, number[]>;
}

class Tracker {
  /** List held by each task (by index in the driver's task list). */
  held: (List | null)[] = [];
  /** semid -> expected value without clamping, and the clamp corrections so far. */
  expected = new Map<number, number[]>();
  clamps = 0;
  successesSeen = 0;

  constructor(
    sc: Scenario,
    private readonly d: KernelDriver,
  ) {
    sc.setup.sets.forEach((s, i) => this.expected.set(d.ids[i]!, s.vals.slice()));
    this.held = d.tasks.map(() => null);
  }

  private list(ti: number): List {
    return (this.held[ti] ??= { refcnt: 1, adj: new Map() });
  }

  step(i: number, c: Cmd, o: KStepObs): void {
    const d = this.d;
    // new sets start at 0
    for (const s of o.after.sets)
      if (!this.expected.has(s.id)) this.expected.set(s.id, new Array<number>(s.nsems).fill(0));
    // new tasks: share the parent's list (threads; fork with CLONE_SYSVSEM) or start without one
    while (this.held.length < d.tasks.length) {
      const share = c.k === 'thread' || (c.k === 'fork' && c.sysvsem);
      const parent = this.list(o.task!);
      if (share) parent.refcnt += 1;
      this.held.push(share ? parent : null);
    }
    // successful calls, in the order the driver saw them (semadj sums do not depend on the order)
    for (; this.successesSeen < d.successes.length; this.successesSeen++) {
      const s = d.successes[this.successesSeen]!;
      const exp = this.expected.get(s.semid)!;
      for (const sop of s.sops) {
        if (sop.flg & SEM_UNDO) {
          const l = this.list(s.task);
          const adj = l.adj.get(s.semid) ?? new Array<number>(exp.length).fill(0);
          adj[sop.num] = adj[sop.num]! - sop.op;
          l.adj.set(s.semid, adj);
        } else exp[sop.num] = exp[sop.num]! + sop.op;
      }
    }
    // tasks that exited in this step let go of their list; the last holder applies it
    const applied: List[] = [];
    o.before.tasks.forEach((t, ti) => {
      if (t.endsWith(':dead') || !o.after.tasks[ti]!.endsWith(':dead')) return;
      const l = this.held[ti];
      this.held[ti] = null;
      if (!l || --l.refcnt > 0) return;
      applied.push(l);
    });
    if (applied.length > 1)
      throw new Error(`step ${i}: ${applied.length} undo lists applied in one step (test assumption)`);
    for (const l of applied)
      for (const [semid, adj] of l.adj) {
        const set = o.before.sets.find((s) => s.id === semid);
        if (!set) throw new Error(`step ${i}: undo list refers to set ${semid}, which is gone`);
        adj.forEach((a, n) => {
          const u = set.vals[n]! + a;
          const clamped = Math.min(32767, Math.max(0, u));
          if (clamped !== u) {
            this.clamps++;
            this.expected.get(semid)![n]! += clamped - u;
          }
        });
      }
  }

  final(): void {
    const snap = this.d.snap();
    if (snap.tasks.slice(1).some((t) => !t.endsWith(':dead')))
      throw new Error(`some task is still alive: ${snap.tasks}`);
    for (const s of snap.sets) {
      const exp = this.expected.get(s.id)!;
      if (exp.join() !== s.vals.join())
        throw new Error(
          `after every task exited: set ${s.id} values [${s.vals}], expected [${exp}] ` +
            `(initial + successful non-SEM_UNDO ops + clamp corrections; ${this.clamps} clamp(s))`,
        );
    }
  }
}

let runs = 0;
let clampedRuns = 0;

test('property: after every task exits, values = initial + non-SEM_UNDO ops (+ clamping)', async () => {
  await runProperty(
    'conservation',
    scenarioArb({ ...FULL, semctlWrites: false, ownThreads: false, unshare: false }),
    async (sc) => {
      let tr: Tracker | null = null;
      await runKernel(sc, (i, c, o) => tr!.step(i, c, o), {
        cleanup: true,
        start: (d) => (tr = new Tracker(sc, d)),
        atEnd: () => {
          tr!.final();
          runs++;
          if (tr!.clamps) clampedRuns++;
        },
      });
    },
    { numRuns: 400, timeLimitMs: 6000 },
  );
  console.log(`# [property conservation] ${runs} histories checked, ${clampedRuns} with clamping at exit`);
});
