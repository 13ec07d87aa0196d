// What a write to /proc/self/semundo must leave alone, seen from outside by root: every task's undo list,
// and every set's values, sempids and times.
import { GETALL, GETPID, IPC_STAT, type Kernel, type Task } from '../../src/api/index.js';
import { attempt } from './semundo-history.js';

export interface SetView {
  id: number;
  /** null once the set is gone. */
  vals: number[] | null;
  pids: number[] | null;
  otime: number | null;
  ctime: number | null;
}

export interface Snapshot {
  /** /proc/<tid>/semundo of every live task, by tid. */
  lists: Record<number, string>;
  sets: SetView[];
  /** /proc/sysvipc/sem as seen from each namespace. */
  sysvipc: string[];
}

/** A set, as a root task of its namespace sees it. */
export function viewSet(root: Task, id: number): SetView {
  const v: SetView = { id, vals: null, pids: null, otime: null, ctime: null };
  attempt(() => {
    const vals = root.semctl(id, 0, GETALL) as number[];
    const st = root.semctl(id, 0, IPC_STAT) as { sem_otime: number; sem_ctime: number };
    Object.assign(v, {
      vals,
      pids: vals.map((_, i) => root.semctl(id, i, GETPID) as number),
      otime: st.sem_otime,
      ctime: st.sem_ctime,
    });
  });
  return v;
}

/** `sets` pairs each set id with a root task of the namespace it lives in. */
export function snapshot(k: Kernel, sets: readonly { root: Task; id: number }[]): Snapshot {
  const lists: Record<number, string> = {};
  for (const t of k.tasks()) if (t.alive) lists[t.tid] = k.init.readFile(`/proc/${t.tid}/semundo`);
  const roots = [...new Set(sets.map((s) => s.root))];
  return {
    lists,
    sets: sets.map((s) => viewSet(s.root, s.id)),
    sysvipc: roots.map((r) => r.readFile('/proc/sysvipc/sem')),
  };
}
