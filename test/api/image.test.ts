// checkpoint() and restore() in exact mode: a machine's whole semaphore state as bytes, and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLONE_SYSVSEM,
  GETALL,
  GETNCNT,
  GETPID,
  IPC_CREAT,
  IPC_PRIVATE,
  ImageError,
  ManualClock,
  SEM_UNDO,
  SETVAL,
  SIGCONT,
  SIGSTOP,
  SIGUSR1,
  checkpoint,
  createKernel,
  restore,
  type Kernel,
} from '../../src/api/index.js';

const T0 = 1_800_000_000;

/** A machine with two namespaces, shared and private undo lists, sleepers, a stopped process. */
function busyMachine(clock: ManualClock) {
  const k = createKernel({ clock });
  const a = k.spawn({ uid: 1000, gid: 1000 });
  const id = a.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o666);
  const id2 = a.semget(0x5eed, 2, IPC_CREAT | 0o640);
  a.trySemop(id, [{ sem_num: 0, sem_op: 4, sem_flg: SEM_UNDO }]);
  a.trySemop(id2, [{ sem_num: 1, sem_op: 2, sem_flg: SEM_UNDO }]);
  const t = a.thread();
  k.init.semctl(id, 2, SETVAL, 1);
  const f = a.fork({ sysvsem: true });
  const b = k.spawn({ uid: 2000, gid: 2000, groups: [1000] });
  b.sigaction(SIGUSR1, 'catch');
  const sleepers = {
    plain: b.semop(id, [{ sem_num: 1, sem_op: -1, sem_flg: SEM_UNDO }]),
    timed: t.semtimedop(id, [{ sem_num: 2, sem_op: 0, sem_flg: 0 }], 5_000_000_000),
    complex: f.semop(id, [
      { sem_num: 0, sem_op: -5, sem_flg: 0 },
      { sem_num: 1, sem_op: 1, sem_flg: 0 },
    ]),
  };
  for (const p of Object.values(sleepers)) p.catch(() => undefined);
  const other = k.spawn({ newipc: true });
  const oid = other.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  other.trySemop(oid, [{ sem_num: 0, sem_op: 7, sem_flg: SEM_UNDO }]);
  const s = k.spawn({ uid: 1000, gid: 1000 });
  const held = s.semop(id2, [{ sem_num: 0, sem_op: -1, sem_flg: 0 }]);
  held.catch(() => undefined);
  s.kill(SIGSTOP);
  clock.advance(1_500_000_000);
  return { k, a, t, f, b, s, other, id, id2, oid };
}

function again(img: string, clock = new ManualClock(T0)): { k: Kernel; clock: ManualClock } {
  clock.advance(1_500_000_000);
  return { k: restore(img, { clock }), clock };
}

test('checkpoint of a restored machine gives the same bytes', () => {
  const m = busyMachine(new ManualClock(T0));
  const img = checkpoint(m.k);
  const { k } = again(img);
  assert.equal(checkpoint(k), img);
  assert.equal(checkpoint(m.k), img, 'checkpoint changes nothing');
});

test('a restored machine goes on as the original would: wake-ups, timeouts, held results, exits', async () => {
  const c1 = new ManualClock(T0);
  const m = busyMachine(c1);
  const { k, clock: c2 } = again(checkpoint(m.k));
  const same = (label: string) => assert.equal(checkpoint(k), checkpoint(m.k), label);
  for (const t of [m.b, m.t, m.f, m.s]) assert.ok(k.task(t.tid)!.blocked, `tid ${t.tid} sleeps`);
  const calls = (kk: Kernel) => [m.b, m.t, m.f, m.s].map((t) => kk.task(t.tid)!.blockedCall!);
  const outcome = (p: Promise<0>) =>
    p.then(
      (v) => String(v),
      (e: { code: string }) => e.code,
    );
  const [r1, r2] = [calls(m.k).map(outcome), calls(k).map(outcome)];
  for (const kk of [m.k, k]) kk.init.semctl(m.id, 1, SETVAL, 1);
  same('after SETVAL');
  for (const c of [c1, c2]) c.advance(4_000_000_000);
  same('after the timed sleeper ran out');
  for (const kk of [m.k, k]) {
    kk.task(m.s.tid)!.kill(SIGCONT);
    kk.task(m.a.tid)!.trySemop(m.id, [{ sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO }]);
  }
  same('after SIGCONT and a semop');
  assert.deepEqual(await Promise.all(r2), await Promise.all(r1));
  for (const kk of [m.k, k]) for (const t of kk.tasks()) if (t.tid !== 1) t.exit();
  same('after every process exits');
  assert.deepEqual(k.init.semctl(m.id, 0, GETALL), m.k.init.semctl(m.id, 0, GETALL));
  assert.deepEqual(k.init.semctl(m.id, 0, GETPID), m.k.init.semctl(m.id, 0, GETPID));
});

test('restored undo lists stay shared and are given back by their last holder', () => {
  const m = busyMachine(new ManualClock(T0));
  const { k } = again(checkpoint(m.k));
  const a = k.task(m.a.tid)!;
  assert.equal(a.readFile('/proc/self/semundo'), m.a.readFile('/proc/self/semundo'));
  assert.equal(a.readFile(`/proc/${m.f.tid}/semundo`), a.readFile('/proc/self/semundo'));
  a.unshare(CLONE_SYSVSEM);
  assert.equal(a.readFile('/proc/self/semundo'), '');
  assert.notEqual(k.init.readFile(`/proc/${m.t.tid}/semundo`), '');
  assert.equal(k.init.semctl(m.id, 1, GETNCNT), 1);
});

test('a subset of processes: only their lists, every set of their namespaces', () => {
  const m = busyMachine(new ManualClock(T0));
  const img = checkpoint(m.k, { pids: [m.a.pid] });
  const { k } = again(img);
  assert.deepEqual(
    k.tasks().map((t) => t.tid),
    [m.a.tid, m.t.tid],
  );
  assert.equal(k.task(m.a.tid)!.readFile('/proc/self/semundo'), m.a.readFile('/proc/self/semundo'));
  assert.deepEqual(k.task(m.a.tid)!.semctl(m.id2, 0, GETALL), m.a.semctl(m.id2, 0, GETALL));
  assert.throws(() => checkpoint(m.k, { pids: [999] }), { code: 'ESRCH' });
});

test('a bad image is refused with an ImageError and builds nothing', () => {
  const m = busyMachine(new ManualClock(T0));
  const img = checkpoint(m.k);
  assert.throws(() => restore(img.slice(0, -20)), ImageError);
  assert.throws(() => restore(img.replace('"val":4', '"val":40000')), ImageError);
  assert.throws(() => restore(42 as unknown as string), TypeError);
});

test('sleepers on every kind of queue wake in the saved order after a restore', async () => {
  const clock = new ManualClock(T0);
  const k = createKernel({ clock });
  const id = k.init.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  const order: string[] = [];
  const sleep = (kk: Kernel, name: string, sops: [number, number][], log: string[]) => {
    const t = kk.spawn();
    void t
      .semop(
        id,
        sops.map(([sem_num, sem_op]) => ({ sem_num, sem_op, sem_flg: 0 })),
      )
      .then(() => log.push(name));
    return t;
  };
  const plan: [string, [number, number][]][] = [
    ['a1', [[0, -1]]],
    ['a2', [[0, -1]]],
    ['z1', [[1, 0]]],
    ['a3', [[0, -1]]],
    ['z2', [[1, 0]]],
  ];
  k.init.semctl(id, 1, SETVAL, 1);
  const tids = plan.map(([name, sops]) => sleep(k, name, sops, order).tid);
  const img = checkpoint(k);
  const restored = restore(img, { clock: clock.fork() });
  const order2: string[] = [];
  tids.forEach((tid, i) => void restored.task(tid)!.blockedCall!.then(() => order2.push(plan[i]![0])));
  for (const kk of [k, restored]) {
    kk.init.semctl(id, 1, SETVAL, 0);
    for (let n = 0; n < 3; n++) kk.init.trySemop(id, [{ sem_num: 0, sem_op: 1, sem_flg: 0 }]);
  }
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['z1', 'z2', 'a1', 'a2', 'a3']);
  assert.deepEqual(order2, order);
});
