// Property: restore in syscalls mode keeps everything its loss table does not list. A random history
// runs on machine K up to a random point; K' = restore(checkpoint(K), {mode: 'syscalls'}). Then every
// live set must have the same id, key, owner, mode and values; every live task a live counterpart
// (by restoredTids) with the same undo list lines and, unless its process is stopped, the same
// sleeping or not; and after every process is killed, in the same order on both machines, every
// value must be the same — what the processes gave back and what their sleepers did is unchanged.
// And the rest of the history, run on both, gives the same results, completions and state, but for
// what the loss table lists (pids, sempid, times, held results; after a semget that got another id
// because the allocator is not carried, the two histories name different sets and are not compared).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  GETALL,
  GETNCNT,
  GETPID,
  GETZCNT,
  IPC_STAT,
  SIGKILL,
  checkpoint,
  restore,
  type Kernel,
  type SemStat,
} from '../../src/api/index.js';
import { history, runProperty } from './harness.js';
import { KernelDriver, flush } from './kernel-driver.js';
import { FOCUS, FULL, scenarioArb, type Cmd, type GenOptions, type Scenario, type Snap } from './scenario.js';

function sets(k: Kernel, ids: readonly number[]): unknown[] {
  return ids.map((id) => {
    try {
      const s = k.init.semctl(id, 0, IPC_STAT) as SemStat;
      const { key, uid, gid, mode } = s.sem_perm;
      return { id, key, uid, gid, mode, vals: k.init.semctl(id, 0, GETALL) };
    } catch {
      return { id, gone: true };
    }
  });
}

async function check(sc: Scenario, cut: number): Promise<void> {
  const d = new KernelDriver(sc);
  const at = Math.min(cut, sc.cmds.length);
  for (let i = 0; i < at; i++) await d.step(i, sc.cmds[i]!);
  const k2 = restore(checkpoint(d.kernel), { mode: 'syscalls', clock: d.clock.fork() });
  const where = () => `(restored after step ${at - 1})\n${history(sc, d.log)}`;
  assert.deepEqual(sets(k2, d.ids), sets(d.kernel, d.ids), `sets ${where()}`);
  const live = d.kernel.tasks().filter((t) => t.tid !== 1);
  for (const t of live) {
    const t2 = k2.task(k2.restoredTids.get(t.tid)!);
    assert.ok(t2?.alive, `tid ${t.tid} ${where()}`);
    // Loss table: when every holder of a list sleeps, its order may differ (each call made again moved
    // its entry to the front), not its lines.
    const text = (kk: Kernel, tid: number) => kk.init.readFile(`/proc/${tid}/semundo`);
    const holders = live.filter((x) => x.k.undoList !== null && x.k.undoList === t.k.undoList);
    const inOrder = holders.some((x) => !x.blocked);
    const norm = (s: string) => (inOrder ? s : s.split('\n').sort().join('\n'));
    assert.equal(norm(text(k2, t2.tid)), norm(text(d.kernel, t.tid)), `undo list of tid ${t.tid} ${where()}`);
    if (k2.lostCalls.has(t.tid)) assert.ok(!t2.blocked, `tid ${t.tid}: a lost call, yet asleep ${where()}`);
    else if (!t.stopped) assert.equal(t2.blocked, t.blocked, `tid ${t.tid} sleeping ${where()}`);
  }
  const pids = [...new Set(live.map((t) => t.pid))];
  for (const pid of pids) {
    d.kernel.kill(pid, SIGKILL);
    k2.kill(
      k2.restoredTids.get(pid) ?? k2.task(k2.restoredTids.get(live.find((t) => t.pid === pid)!.tid)!)!.pid,
      SIGKILL,
    );
    await flush();
    assert.deepEqual(sets(k2, d.ids), sets(d.kernel, d.ids), `after SIGKILL of ${pid} ${where()}`);
  }
}

function keeps(name: string, opts: GenOptions): Promise<void> {
  const arb = scenarioArb(opts).chain((sc) =>
    fc.record({ sc: fc.constant(sc), cut: fc.nat(sc.cmds.length) }),
  );
  return runProperty(name, arb, ({ sc, cut }) => check(sc, cut), { numRuns: 200, timeLimitMs: 3000 });
}

test('property: syscalls-mode restore keeps sets, undo lists, sleepers and what exits give back', async () => {
  await keeps('image-syscalls', FULL);
});

test('property: syscalls-mode restore keeps sets, undo lists, sleepers and what exits give back (one contended set)', async () => {
  await keeps('image-syscalls-focus', FOCUS);
});

/** A step's result with what the loss table lists taken out: pids, times, stale GETNCNT/GETZCNT counts. */
function comparable(c: Cmd, res: unknown): unknown {
  if (c.k === 'fork' || c.k === 'thread' || c.k === 'exec')
    return typeof res === 'object' && res && 'ok' in res ? 'tid' : res;
  if (c.k === 'get' && (c.cmd === GETPID || c.cmd === IPC_STAT || c.cmd === GETNCNT || c.cmd === GETZCNT))
    return typeof res === 'object' && res && 'ok' in res ? 'lost' : res;
  return res;
}

function comparableSnap(s: Snap): unknown {
  return {
    // Loss table: a call made again counts in GETNCNT/GETZCNT on the semaphore that blocks it now, not
    // where it blocked when last evaluated (Linux's stale count).
    sets: s.sets.map(({ id, key, mode, uid, gid, nsems, vals }) => ({
      id,
      key,
      mode,
      uid,
      gid,
      nsems,
      vals,
    })),
    info: s.info,
    // Loss table: a result held for a stopped process is not carried (its call is gone).
    tasks: s.tasks.map((t) => t.split(':')[1]!.replace('stopped-blocked', 'stopped')),
  };
}

async function continues(sc: Scenario, cut: number): Promise<void> {
  const d1 = new KernelDriver(sc);
  const at = Math.min(cut, sc.cmds.length);
  for (let i = 0; i < at; i++) await d1.step(i, sc.cmds[i]!);
  const img = checkpoint(d1.kernel);
  const d2 = new KernelDriver(sc, {
    of: d1,
    restore: (_k, clock) => restore(img, { mode: 'syscalls', clock }),
  });
  const lost = new Set(d2.sleepers.filter((s) => s.lost).map((s) => s.call));
  // Loss table: a sleeping call that fails when made again (IPC_NOWAIT on a sop that blocks now, no
  // time left) is gone, so what it would have done later is too; only held results are followed on.
  const k2 = d2.kernel;
  if ([...k2.lostCalls].some((tid) => !d1.kernel.task(tid)?.stopped)) return;
  const fail = (what: string) => new Error(`${what} (restored after step ${at - 1})\n${history(sc, d1.log)}`);
  for (let i = at; i < sc.cmds.length; i++) {
    const c = sc.cmds[i]!;
    const [o1, o2] = [await d1.step(i, c), await d2.step(i, c)];
    // Loss table: the id allocator is not carried, so a new set may get another id; from then on the
    // histories name different sets.
    if (c.k === 'semget' && !isDeepStrictEqual(o1.res, o2.res)) return;
    const done = (o: typeof o1) => o.done.filter((x) => !lost.has(x.call));
    if (
      !isDeepStrictEqual(comparable(c, o1.res), comparable(c, o2.res)) ||
      !isDeepStrictEqual(done(o1), done(o2))
    )
      throw fail(
        `step ${i}: original ${JSON.stringify([o1.res, o1.done])}, restored ${JSON.stringify([o2.res, o2.done])}`,
      );
    if (!isDeepStrictEqual(comparableSnap(o1.after), comparableSnap(o2.after)))
      throw fail(
        `step ${i}: ${JSON.stringify(comparableSnap(o1.after))} vs ${JSON.stringify(comparableSnap(o2.after))}`,
      );
  }
}

test('property: after a syscalls-mode restore the history goes on the same, but for the losses listed', async () => {
  const arb = scenarioArb(FULL).chain((sc) =>
    fc.record({ sc: fc.constant(sc), cut: fc.nat(sc.cmds.length) }),
  );
  await runProperty('image-syscalls-continue', arb, ({ sc, cut }) => continues(sc, cut), {
    numRuns: 200,
    timeLimitMs: 3000,
  });
});
