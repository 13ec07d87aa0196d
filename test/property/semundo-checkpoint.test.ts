// Property: the checkpoint/restart promise of semundo(5), at process level — "a process that exits
// afterwards gives back exactly what it would have given back before the checkpoint".
//
// A random history gives process P (and its thread T, which shares P's list) an undo list on several
// sets, among calls by another process O (with or without SEM_UNDO) and SETVAL / IPC_RMID by root. The
// history is replayed on two fresh kernels whose ManualClock starts at the same time and never moves,
// and both copies are checked identical first. A process Q with P's credentials is spawned in both.
// L is P's file /proc/P/semundo, as Q reads it in copy 2. In copy 1, P ends (exit or SIGKILL, drawn),
// then Q exits with no list: P's list is given back by P.
//
// Two ways of moving L from P to Q in copy 2 are checked:
//  - hand-over: Q writes L into its own /proc/self/semundo; P writes, into its own file, every line of
//    L with zero adjustments (so P gives back nothing but still holds the same entries); P ends the same
//    way, then Q exits. Nothing else differs, so every value, sem_otime, sem_ctime and the lists of the
//    tasks left must be identical in both copies, and every sempid too except on the semaphores with a
//    non-zero adjustment in L, which name the task that gave it back: P in copy 1, Q in copy 2.
//  - restart, as semundo(5) prescribes: save the values (GETALL) and permissions (IPC_STAT), P ends (its
//    list is given back), root puts the saved values back (SETALL, which also clears every adjustment on
//    those sets) with a mode Q may alter, Q writes L, root puts owner and mode back (IPC_SET), and Q
//    exits. Right after that, every value must equal copy 1's, and the semaphores with a non-zero
//    adjustment in L must name P in copy 1 and Q in copy 2 (the others were stamped by SETALL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GETALL, IPC_SET, IPC_STAT, SETALL, SIGKILL, type Task } from '../../src/api/index.js';

type Perm = { uid: number; gid: number; mode: number };
import { linesOf, renderEntry } from './semundo-format.js';
import { P_UID, attempt, historyArb, replay, type HistoryOptions, type World } from './semundo-history.js';
import { runProperty } from './harness.js';
import { snapshot, type Snapshot } from './semundo-snapshot.js';

interface Copy {
  w: World;
  q: Task;
}

function copyOf(h: Parameters<typeof replay>[0]): Copy {
  const w = replay(h, 1_900_000_000);
  return { w, q: w.k.spawn({ uid: P_UID }) };
}

function end(t: Task, kill: boolean): void {
  if (kill) t.kill(SIGKILL);
  else t.exit();
}

function stateOf(c: Copy): Snapshot {
  return snapshot(
    c.w.k,
    c.w.ids.map((id) => ({ root: c.w.k.init, id })),
  );
}

/** The semaphores L gives a non-zero adjustment: [set id, semnum]. */
function adjusted(lines: string): [number, number][] {
  const out: [number, number][] = [];
  for (const l of linesOf(lines)) {
    const [semid, , ...adj] = l.trim().split(/ +/).map(Number) as number[];
    adj.forEach((a, i) => a !== 0 && out.push([semid!, i]));
  }
  return out;
}

/** Copy 1's sets with the sempid of each adjusted semaphore turned from P's pid into Q's. */
function asIfGivenByQ(s: Snapshot, adj: [number, number][], p: number, q: number): Snapshot['sets'] {
  return s.sets.map((set) => {
    if (!set.pids) return set;
    const pids = set.pids.map((pid, i) => {
      if (!adj.some(([id, n]) => id === set.id && n === i)) return pid;
      assert.equal(pid, p, `copy 1: sempid of ${set.id}[${i}] after P ended`);
      return q;
    });
    return { ...set, pids };
  });
}

function zeroed(lines: string): string {
  return linesOf(lines)
    .map((l) => {
      const [semid, nsems] = l.trim().split(/ +/).map(Number) as [number, number];
      return renderEntry({ semid, nsems, semadj: new Array<number>(nsems).fill(0) });
    })
    .join('');
}

function checkHandOver(h: Parameters<typeof replay>[0], kill: boolean): void {
  const c1 = copyOf(h);
  const c2 = copyOf(h);
  assert.deepEqual(stateOf(c2), stateOf(c1), 'the two copies differ before the checkpoint');
  end(c1.w.p, kill);
  c1.q.exit();

  const L = c2.q.readFile(`/proc/${c2.w.p.pid}/semundo`);
  assert.equal(c2.q.writeFile('/proc/self/semundo', L), L.length);
  assert.equal(c2.w.p.writeFile('/proc/self/semundo', zeroed(L)), zeroed(L).length);
  end(c2.w.p, kill);
  c2.q.exit();

  const s1 = stateOf(c1);
  const s2 = stateOf(c2);
  assert.deepEqual(s2.sets, asIfGivenByQ(s1, adjusted(L), c1.w.p.pid, c2.q.pid), `L = ${JSON.stringify(L)}`);
  assert.deepEqual(s2.lists, s1.lists, 'lists of the tasks left');
}

function checkRestart(h: Parameters<typeof replay>[0], kill: boolean): void {
  const c1 = copyOf(h);
  const c2 = copyOf(h);
  end(c1.w.p, kill);
  c1.q.exit();

  const root = c2.w.k.init;
  const L = c2.q.readFile(`/proc/${c2.w.p.pid}/semundo`);
  const saved = new Map<number, { vals: number[]; perm: Perm }>();
  for (const id of c2.w.ids)
    attempt(() => {
      const perm = (root.semctl(id, 0, IPC_STAT) as { sem_perm: Perm }).sem_perm;
      saved.set(id, { vals: root.semctl(id, 0, GETALL) as number[], perm });
    });
  end(c2.w.p, kill);
  for (const [id, { vals }] of saved) {
    root.semctl(id, 0, SETALL, vals);
    root.semctl(id, 0, IPC_SET, { uid: 0, gid: 0, mode: 0o666 });
  }
  assert.equal(c2.q.writeFile('/proc/self/semundo', L), L.length);
  for (const [id, { perm }] of saved) root.semctl(id, 0, IPC_SET, perm);
  c2.q.exit();

  const s1 = stateOf(c1);
  const s2 = stateOf(c2);
  const adj = adjusted(L);
  assert.deepEqual(
    s2.sets.map((s) => s.vals),
    s1.sets.map((s) => s.vals),
    `values, L = ${JSON.stringify(L)}`,
  );
  for (const [id, n] of adj) {
    const i = c2.w.ids.indexOf(id);
    assert.equal(s1.sets[i]!.pids![n], c1.w.p.pid, `copy 1: sempid of ${id}[${n}]`);
    assert.equal(s2.sets[i]!.pids![n], c2.q.pid, `copy 2: sempid of ${id}[${n}]`);
  }
}

const ALTERABLE: HistoryOptions = { anyPerms: false, control: true, others: true, maxSteps: 25 };
const ANY_SETS: HistoryOptions = { ...ALTERABLE, anyPerms: true };
const BUDGET = { numRuns: 1200, timeLimitMs: 1500 };

const caseArb = (o: HistoryOptions) => fc.record({ h: historyArb(o), kill: fc.boolean() });

test("property: C/R hand-over — Q given P's saved lines gives back what P would have (sets P may alter)", async () => {
  await runProperty(
    'semundo-cr-hand-over',
    caseArb(ALTERABLE),
    ({ h, kill }) => checkHandOver(h, kill),
    BUDGET,
  );
});

test('property: C/R restart as documented — values after Q exits match P exiting (sets P may alter)', async () => {
  await runProperty('semundo-cr-restart', caseArb(ALTERABLE), ({ h, kill }) => checkRestart(h, kill), BUDGET);
});

test('property: C/R restart as documented, on any sets and modes', async () => {
  await runProperty(
    'semundo-cr-restart-any',
    caseArb(ANY_SETS),
    ({ h, kill }) => checkRestart(h, kill),
    BUDGET,
  );
});
