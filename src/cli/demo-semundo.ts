// `semundo demo`, second act: an undo list read, saved, and written back by the restarted process.
import {
  GETALL,
  IPC_CREAT,
  IPC_PRIVATE,
  ManualClock,
  SEM_UNDO,
  SETALL,
  SIGKILL,
  createKernel,
} from '../api/index.js';

export function runSemundoAct(say: (line: string) => void): void {
  const kernel = createKernel({ clock: new ManualClock() });
  const admin = kernel.spawn({ uid: 0 });
  const id = admin.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o666);
  admin.semctl(id, 0, SETALL, [5, 5, 0]);
  const values = () => JSON.stringify(admin.semctl(id, 0, GETALL));
  say(`set ${id} holds 3 semaphores: values ${values()}`);

  const p = kernel.spawn({ uid: 1000, gid: 1000 });
  p.trySemop(id, [
    { sem_num: 0, sem_op: -2, sem_flg: SEM_UNDO },
    { sem_num: 2, sem_op: 1, sem_flg: SEM_UNDO },
  ]);
  say(`pid ${p.pid} takes 2 from sem 0 and adds 1 to sem 2, with SEM_UNDO: values ${values()}`);
  const lines = admin.readFile(`/proc/${p.pid}/semundo`);
  say(`/proc/${p.pid}/semundo — what its exit would give back (semid nsems semadj...):`);
  for (const l of lines.trimEnd().split('\n')) say(`  ${l}`);

  const savedValues = admin.semctl(id, 0, GETALL) as number[];
  say(
    `checkpoint: save the set's values ${JSON.stringify(savedValues)} and those lines; then pid ${p.pid} is stopped for good`,
  );
  p.kill(SIGKILL);
  say(`  (its exit gave the adjustments back: values ${values()})`);

  admin.semctl(id, 0, SETALL, savedValues);
  say(`restart: the set gets its saved values back with SETALL: values ${values()}`);
  const q = kernel.spawn({ uid: 1000, gid: 1000 });
  q.writeFile('/proc/self/semundo', lines);
  say(`the restarted process, pid ${q.pid}, writes the saved lines into its own /proc/self/semundo:`);
  for (const l of q.readFile('/proc/self/semundo').trimEnd().split('\n')) say(`  ${l}`);

  say(`pid ${q.pid} crashes (SIGKILL): its undo list is applied as the original's would have been`);
  q.kill(SIGKILL);
  say(`  values ${values()}: exactly the state before pid ${p.pid} took anything`);
}
