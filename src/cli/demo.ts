// `semundo demo`: a narrated walk-through of SEM_UNDO on the model, then of real processes under semundo run,
// and of a live session checkpointed and restarted.
import {
  GETALL,
  GETNCNT,
  GETPID,
  IPC_CREAT,
  IPC_PRIVATE,
  ManualClock,
  SEM_UNDO,
  SETALL,
  SIGKILL,
  createKernel,
  type Task,
} from '../api/index.js';
import { runCheckpointAct } from './demo-checkpoint.js';
import { runRestartAct } from './demo-restart.js';
import { runRealProcessesAct } from './demo-run.js';
import { runSemundoAct } from './demo-semundo.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

export async function runDemo(say: (line: string) => void): Promise<void> {
  const kernel = createKernel({ clock: new ManualClock() });
  const show = (who: Task, id: number) => `values ${JSON.stringify(who.semctl(id, 0, GETALL))}`;

  say('semundo demo — System V semaphores with SEM_UNDO, on the model kernel');
  say('');
  const admin = kernel.spawn({ uid: 0 });
  const id = admin.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o666);
  admin.semctl(id, 0, SETALL, [2, 0]);
  say(
    `pid ${admin.pid} creates set ${id} with 2 semaphores: a pool of 2 slots (sem 0) and a counter (sem 1)`,
  );
  say(`  ${show(admin, id)}`);

  const worker1 = kernel.spawn({ uid: 1000, gid: 1000 });
  const worker2 = kernel.spawn({ uid: 1001, gid: 1001 });
  const take = [
    { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO },
    { sem_num: 1, sem_op: 1, sem_flg: SEM_UNDO },
  ];
  worker1.trySemop(id, take);
  worker2.trySemop(id, take);
  say(
    `pid ${worker1.pid} and pid ${worker2.pid} each take a slot with SEM_UNDO: [{0,-1,SEM_UNDO},{1,+1,SEM_UNDO}]`,
  );
  say(`  ${show(admin, id)}; each now holds undo adjustments (+1 on sem 0, -1 on sem 1)`);

  const late = kernel.spawn({ uid: 1002, gid: 1002 });
  const waiting = late.semop(id, take).then(
    () => say(`  -> pid ${late.pid}'s semop returned 0: it got the slot given back`),
    (e: Error) => say(`  -> pid ${late.pid}'s semop failed: ${e.message}`),
  );
  say(`pid ${late.pid} wants a slot too: the pool is empty, so its semop sleeps`);
  say(`  blocked: ${late.blocked}; GETNCNT(sem 0) = ${String(admin.semctl(id, 0, GETNCNT))}`);

  say(`pid ${worker1.pid} crashes (SIGKILL) while holding its slot`);
  worker1.kill(SIGKILL);
  await flush();
  await waiting;
  say(
    `  the kernel applied pid ${worker1.pid}'s undo list at exit: the slot went back and woke pid ${late.pid}`,
  );
  say(
    `  ${show(admin, id)}; GETPID(sem 0) = ${String(admin.semctl(id, 0, GETPID))} (the last to operate on it)`,
  );

  say(`pid ${worker2.pid} exits normally; its undo list is applied too`);
  worker2.exit();
  say(`  ${show(admin, id)}`);
  say(`pid ${late.pid} exits`);
  late.exit();
  say(`  ${show(admin, id)}: back to the initial state, nothing leaked`);
  say('');
  say(admin.readFile('/proc/sysvipc/sem').trimEnd());
  say('');
  say('Act 2 — /proc/<pid>/semundo: saving an undo list and giving it to the restarted process');
  say('');
  runSemundoAct(say);
  say('');
  say('Act 3 — checkpoint and restore of a whole machine: processes, undo lists, sleepers');
  say('');
  runCheckpointAct(say);
  await flush();
  say('');
  say("Act 4 — real processes under semundo run: the kernel's semaphore calls served by the model");
  say('');
  await runRealProcessesAct(say);
  say('');
  say('Act 5 — a live session checkpointed, ended, and restarted from its image');
  say('');
  await runRestartAct(say);
}
