// restoreProcesses(): some processes of a machine checkpointed and started again in a machine whose
// namespace already holds the sets — their undo lists and sleeping calls go with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GETALL,
  IPC_CREAT,
  IPC_PRIVATE,
  ImageError,
  ManualClock,
  SEM_UNDO,
  SETALL,
  SETVAL,
  SIGKILL,
  checkpoint,
  createKernel,
  restore,
  restoreProcesses,
} from '../../src/api/index.js';

function machine() {
  const k = createKernel({ clock: new ManualClock() });
  const id = k.init.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o666);
  k.init.semctl(id, 0, SETALL, [4, 4, 0]);
  const p = k.spawn({ uid: 1000, gid: 1000 });
  p.trySemop(id, [
    { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO },
    { sem_num: 1, sem_op: -3, sem_flg: SEM_UNDO },
  ]);
  const t = p.thread();
  void t.semop(id, [{ sem_num: 2, sem_op: -1, sem_flg: SEM_UNDO }]).catch(() => undefined);
  const other = k.spawn({ uid: 1000, gid: 1000 });
  other.trySemop(id, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]);
  return { k, id, p, t, other };
}

test('restarted into the same machine after a crash: the undo list is given back as the original would', () => {
  const a = machine();
  const b = machine();
  a.p.kill(SIGKILL);
  const saved = checkpoint(b.k, { pids: [b.p.pid] });
  const values = b.k.init.semctl(b.id, 0, GETALL) as number[];
  b.p.kill(SIGKILL);
  b.k.init.semctl(b.id, 0, SETALL, values);
  const tasks = restoreProcesses(b.k, saved);
  const q = tasks.get(b.p.tid)!;
  assert.notEqual(q.pid, b.p.pid);
  assert.equal(
    q.readFile('/proc/self/semundo'),
    `${String(b.id).padStart(10)}      3      1      3      0\n`,
  );
  assert.ok(tasks.get(b.t.tid)!.blocked, 'the thread sleeps in its semop again');
  q.kill(SIGKILL);
  assert.deepEqual(b.k.init.semctl(b.id, 0, GETALL), a.k.init.semctl(a.id, 0, GETALL));
});

test('restarted into another machine that holds the sets', async () => {
  const a = machine();
  const saved = checkpoint(a.k, { pids: [a.p.pid] });
  const other = restore(checkpoint(a.k));
  other.task(a.p.tid)!.kill(SIGKILL);
  other.init.semctl(a.id, 0, SETALL, [3, 1, 0]);
  const tasks = restoreProcesses(other, saved);
  const t = tasks.get(a.t.tid)!;
  const call = t.blockedCall!;
  assert.ok(t.blocked);
  other.init.semctl(a.id, 2, SETVAL, 1);
  assert.equal(await call, 0);
  assert.equal(
    t.readFile('/proc/self/semundo'),
    `${String(a.id).padStart(10)}      3      1      3      1\n`,
  );
  assert.throws(
    () => restoreProcesses(createKernel(), saved),
    (e: unknown) => e instanceof ImageError && /does not exist/.test(e.message),
  );
});
