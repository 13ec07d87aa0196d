// `semundo demo`, third act: a whole machine checkpointed, the original killed, the image restored,
// and a crash in the restored machine giving back what the original's crash would have.
import {
  GETALL,
  IPC_CREAT,
  IPC_PRIVATE,
  ManualClock,
  SEM_UNDO,
  SETALL,
  SIGKILL,
  checkpoint,
  createKernel,
  restore,
} from '../api/index.js';

export function runCheckpointAct(say: (line: string) => void): void {
  const clock = new ManualClock();
  const kernel = createKernel({ clock });
  const id = kernel.init.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o666);
  kernel.init.semctl(id, 0, SETALL, [1, 3]);
  const values = (k = kernel) => JSON.stringify(k.init.semctl(id, 0, GETALL));
  const worker = kernel.spawn({ uid: 1000, gid: 1000 });
  worker.trySemop(id, [
    { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO },
    { sem_num: 1, sem_op: -2, sem_flg: SEM_UNDO },
  ]);
  const waiter = kernel.spawn({ uid: 1001, gid: 1001 });
  void waiter.semop(id, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]).catch(() => undefined);
  say(`pid ${worker.pid} holds the lock (sem 0) and 2 of sem 1, with SEM_UNDO: values ${values()}`);
  say(`pid ${waiter.pid} sleeps in semop, waiting for the lock`);

  const image = checkpoint(kernel);
  say(`checkpoint: ${image.length} bytes — sets, processes, the undo list, the sleeper and its queue`);
  for (const t of kernel.tasks()) if (t.pid !== 1) t.kill(SIGKILL);
  say(`the original machine's processes are all killed: values ${values()}`);

  const restored = restore(image, { clock: clock.fork() });
  say(`restore: values ${values(restored)}, pid ${worker.pid} and pid ${waiter.pid} are back`);
  const again = restored.task(waiter.tid)!;
  void again.blockedCall!.then(() =>
    say(`  pid ${waiter.pid}'s semop returns 0: it has the lock (values ${values(restored)})`),
  );
  say(`pid ${worker.pid} crashes (SIGKILL) in the restored machine:`);
  restored.task(worker.tid)!.kill(SIGKILL);
  say(`  its undo list gave the lock and sem 1 back, and woke pid ${waiter.pid}, still in its semop`);
}
