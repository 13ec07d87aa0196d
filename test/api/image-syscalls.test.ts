// restore() in syscalls mode: a machine rebuilt only through what a user-space restorer has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GETALL,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_STAT,
  ManualClock,
  SEM_UNDO,
  SETVAL,
  SIGKILL,
  SIGUSR1,
  checkpoint,
  createKernel,
  restore,
  type Kernel,
  type SemStat,
} from '../../src/api/index.js';

function machine() {
  const clock = new ManualClock(1_800_000_000);
  const k = createKernel({ clock });
  const a = k.spawn({ uid: 1000, gid: 1000 });
  const id = a.semget(0x1234, 3, IPC_CREAT | 0o640);
  const id2 = k.init.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o666);
  a.trySemop(id, [{ sem_num: 0, sem_op: 5, sem_flg: SEM_UNDO }]);
  a.trySemop(id2, [{ sem_num: 1, sem_op: 2, sem_flg: SEM_UNDO }]);
  const t = a.thread();
  const f = a.fork({ sysvsem: true });
  const b = k.spawn({ uid: 2000, gid: 2000 });
  b.sigaction(SIGUSR1, 'catch');
  void b.semop(id2, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]).catch(() => undefined);
  void t.semtimedop(id, [{ sem_num: 1, sem_op: -2, sem_flg: 0 }], 9_000_000_000).catch(() => undefined);
  const other = k.spawn({ newipc: true });
  const oid = other.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  other.trySemop(oid, [{ sem_num: 0, sem_op: 3, sem_flg: SEM_UNDO }]);
  return { k, clock, a, t, f, b, other, id, id2, oid };
}

const statOf = (k: Kernel, id: number) => {
  const s = k.init.semctl(id, 0, IPC_STAT) as SemStat;
  return {
    perm: { ...s.sem_perm, cuid: 0, cgid: 0 },
    nsems: s.sem_nsems,
    vals: k.init.semctl(id, 0, GETALL),
  };
};

test('syscalls mode: same ids, keys, owners, modes, values, undo lists and sleepers; new pids', () => {
  const m = machine();
  const k = restore(checkpoint(m.k), { mode: 'syscalls', clock: m.clock.fork() });
  for (const id of [m.id, m.id2]) assert.deepEqual(statOf(k, id), statOf(m.k, id));
  const tid = (old: number) => k.restoredTids.get(old)!;
  for (const t of [m.a, m.t, m.f, m.b, m.other]) assert.ok(k.task(tid(t.tid))?.alive, `tid ${t.tid}`);
  assert.equal(
    k.init.readFile(`/proc/${tid(m.a.tid)}/semundo`),
    m.k.init.readFile(`/proc/${m.a.tid}/semundo`),
  );
  assert.equal(
    k.init.readFile(`/proc/${tid(m.other.tid)}/semundo`),
    m.k.init.readFile(`/proc/${m.other.tid}/semundo`),
  );
  assert.ok(k.task(tid(m.b.tid))!.blocked && k.task(tid(m.t.tid))!.blocked);
  const otherNs = k.task(tid(m.other.tid))!;
  assert.deepEqual(otherNs.semctl(m.oid, 0, GETALL), [3]);
});

test('syscalls mode: what the processes give back and how the sleepers end is what the original does', async () => {
  const m = machine();
  const k = restore(checkpoint(m.k), { mode: 'syscalls', clock: m.clock.fork() });
  const tid = (old: number) => k.restoredTids.get(old)!;
  const ends = async (kk: Kernel, map: (t: number) => number) => {
    const calls = [m.b].map((t) =>
      kk.task(map(t.tid))!.blockedCall!.then(
        () => 'ok',
        (e: { code: string }) => e.code,
      ),
    );
    kk.init.semctl(m.id2, 0, SETVAL, 1);
    kk.task(map(m.f.tid))!.kill(SIGKILL);
    kk.task(map(m.a.tid))!.exit();
    kk.task(map(m.other.tid))!.exit();
    return {
      calls: await Promise.all(calls),
      vals: [kk.init.semctl(m.id, 0, GETALL), kk.init.semctl(m.id2, 0, GETALL)],
    };
  };
  assert.deepEqual(await ends(k, tid), await ends(m.k, (t) => t));
});
