// Exit of processes with many threads: exit_group, threads ending one by one, execve, signals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GETNCNT,
  GETVAL,
  IPC_CREAT,
  IPC_PRIVATE,
  SEM_UNDO,
  SETVAL,
  SIGKILL,
  SIGUSR1,
  type Kernel,
  type Task,
} from '../../src/api/index.js';
import { doExit } from '../../src/kernel/index.js';
import { flush, machine, sops, track } from '../helpers.js';

const THREADS = 5000;

/** A process whose main task has `n` - 1 threads besides it, in creation order. */
function threadGroup(n: number): { kernel: Kernel; main: Task; all: Task[] } {
  const { kernel } = machine();
  const main = kernel.spawn();
  const all = [main];
  for (let i = 1; i < n; i++) all.push(main.thread());
  return { kernel, main, all };
}

test('exit_group of a process with thousands of threads ends every one and applies the undo list once', async () => {
  const { kernel } = machine();
  const owner = kernel.spawn();
  const id = owner.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  owner.semctl(id, 0, SETVAL, THREADS);
  const main = kernel.spawn();
  const threads = [main];
  for (let i = 1; i < THREADS; i++) threads.push(main.thread());
  for (const t of threads.slice(0, THREADS / 2)) t.trySemop(id, sops([0, -1, SEM_UNDO]));
  const sleeps = threads.slice(THREADS / 2).map((t) => track(t.semop(id, sops([1, -1]))));
  assert.equal(owner.semctl(id, 0, GETVAL), THREADS / 2);
  assert.equal(owner.semctl(id, 1, GETNCNT), THREADS / 2);
  const proc = main.k.process;
  assert.equal(proc.liveThreadCount, THREADS);

  threads[THREADS - 1]!.kill(SIGKILL);
  await flush();

  assert.ok(threads.every((t) => !t.alive));
  assert.equal(proc.alive, false);
  assert.equal(proc.liveThreadCount, 0);
  assert.deepEqual(proc.liveThreads(), []);
  assert.equal(kernel.state.processes.has(main.pid), false);
  assert.deepEqual(
    kernel.tasks().map((t) => t.pid),
    [kernel.init.pid, owner.pid],
  );
  assert.equal(owner.semctl(id, 0, GETVAL), THREADS);
  assert.equal(owner.semctl(id, 1, GETNCNT), 0);
  assert.ok(
    sleeps.every((s) => !s.done),
    'a sleeper of an exited task never returns',
  );
  assert.throws(() => main.kill(0), { code: 'ESRCH' });
});

test('threads ending one by one keep the process until the last, whatever the order', () => {
  const { kernel, main, all } = threadGroup(THREADS);
  const proc = main.k.process;
  const state = kernel.state;
  // every third thread from the newest, then every other one from the oldest, then the rest
  const order = [
    ...all.filter((_, i) => i % 3 === 2).reverse(),
    ...all.filter((_, i) => i % 3 !== 2 && i % 2 === 0),
    ...all.filter((_, i) => i % 3 !== 2 && i % 2 === 1),
  ];
  assert.equal(order.length, THREADS);
  const live = new Set(all);
  let checked = 0;
  for (const t of order) {
    doExit(state, t.k);
    doExit(state, t.k);
    live.delete(t);
    assert.equal(proc.liveThreadCount, live.size);
    assert.equal(proc.alive, live.size > 0);
    assert.equal(state.processes.has(main.pid), live.size > 0);
    if (live.size % 97 === 0 || live.size < 20) {
      const expected = all.filter((x) => live.has(x)).map((x) => x.k);
      assert.deepEqual(proc.liveThreads(), expected);
      assert.equal(proc.firstLiveThread(), expected[0]);
      assert.equal(proc.leader, live.has(main) ? main.k : undefined);
      assert.ok(proc.threads.length <= Math.max(2 * live.size, 2 * 16) + 1);
      checked++;
    }
  }
  assert.ok(checked > 20);
  assert.equal(proc.liveThreadCount, 0);
});

test('a thread that starts and ends over and over does not pile up in the process', () => {
  const { main } = threadGroup(1);
  const proc = main.k.process;
  for (let i = 0; i < 20_000; i++) main.thread().exit();
  assert.equal(proc.liveThreadCount, 1);
  assert.ok(proc.threads.length <= 32, `${proc.threads.length} tasks kept`);
  assert.deepEqual(proc.liveThreads(), [main.k]);
  main.exit();
  assert.equal(proc.alive, false);
});

test('execve from a thread of a large group ends the others; the caller takes the process id', () => {
  const { main, all } = threadGroup(THREADS);
  const caller = all[1234]!;
  caller.exec();
  const proc = main.k.process;
  assert.equal(proc.liveThreadCount, 1);
  assert.deepEqual(proc.liveThreads(), [caller.k]);
  assert.equal(caller.tid, main.pid);
  assert.equal(proc.leader, caller.k);
  assert.ok(all.every((t) => t.alive === (t === caller)));
  assert.ok(proc.alive);
});

test('a caught signal interrupts the main thread, or the first live thread once the main one has gone', async () => {
  const { kernel } = machine();
  const owner = kernel.spawn();
  const id = owner.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  const main = kernel.spawn();
  main.sigaction(SIGUSR1, 'catch');
  const threads = [main];
  for (let i = 1; i < 100; i++) threads.push(main.thread());
  const sleeps = threads.map((t) => track(t.semop(id, sops([0, -1]))));
  main.kill(SIGUSR1);
  await flush();
  assert.deepEqual(
    sleeps.flatMap((s, i) => (s.done ? [`${i}:${s.code}`] : [])),
    ['0:EINTR'],
  );
  for (const t of threads.slice(1, 40)) t.exit();
  doExit(kernel.state, main.k);
  assert.ok(main.k.process.alive);
  main.kill(SIGUSR1);
  await flush();
  assert.deepEqual(
    sleeps.flatMap((s, i) => (s.done ? [`${i}:${s.code}`] : [])),
    ['0:EINTR', '40:EINTR'],
  );
  assert.equal(owner.semctl(id, 0, GETNCNT), 59);
});
