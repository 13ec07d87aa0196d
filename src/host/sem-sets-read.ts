// ipc/sem.c on the real kernel, read side: every semaphore set of the calling thread's IPC namespace,
// through semctl SEM_INFO, SEM_STAT_ANY, GETALL and GETPID.
import {
  EINVAL,
  ENOENT,
  GETALL,
  GETPID,
  IPCMNI_IDX_MASK,
  IPCMNI_SHIFT,
  SEM_INFO,
  SEM_STAT_ANY,
  type SemidDs,
  type Seminfo,
} from '../abi/index.js';
import { HostSemError, check } from './host-sem-error.js';
import { semctl } from './semctl.js';

/** One set as the kernel shows it to the caller (ids mapped into the caller's user namespace). */
export interface HostSemSet {
  id: number;
  /** The id's index (its low 15 bits) and sequence number (the rest). */
  idx: number;
  seq: number;
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Permission bits, 0..0o777. */
  mode: number;
  /** sem_otime of the set: the latest of its semaphores' operation times (0: never). */
  otime: number;
  ctime: number;
  /** semval of each semaphore (GETALL). */
  vals: number[];
  /** sempid of each semaphore (GETPID): the caller's number for it, 0 when none or not visible. */
  pids: number[];
}

/** What SEM_INFO tells: the highest index in use (0 also when none), the sets and semaphores in use. */
export interface HostSemUsage {
  maxIdx: number;
  sets: number;
  sems: number;
}

// ipc/sem.c: semctl_info (SEM_INFO)
export function readSemUsage(): HostSemUsage {
  const r = semctl(0, 0, SEM_INFO);
  check(r.ret, 'semctl(0, 0, SEM_INFO)');
  const info = r.value as Seminfo;
  return { maxIdx: r.ret, sets: info.semusz, sems: info.semaem };
}

/** One set by index, or null when the index is free. */
function readSetAt(idx: number): HostSemSet | null {
  const st = semctl(idx, 0, SEM_STAT_ANY);
  if (st.ret === -EINVAL || st.ret === -ENOENT) return null;
  check(st.ret, `semctl(${idx}, 0, SEM_STAT_ANY)`);
  const id = st.ret;
  const ds = st.value as SemidDs;
  const all = semctl(id, 0, GETALL);
  check(all.ret, `semctl(${id}, 0, GETALL)`);
  const vals = all.value as number[];
  if (vals.length !== ds.sem_nsems)
    throw new HostSemError(
      `set ${id} changed while it was read (${vals.length} values, ${ds.sem_nsems} semaphores)`,
    );
  const pids = vals.map((_, i) => check(semctl(id, i, GETPID).ret, `semctl(${id}, ${i}, GETPID)`));
  const p = ds.sem_perm;
  return {
    id,
    idx: id & IPCMNI_IDX_MASK,
    seq: id >>> IPCMNI_SHIFT,
    key: p.key,
    uid: p.uid,
    gid: p.gid,
    cuid: p.cuid,
    cgid: p.cgid,
    mode: p.mode & 0o777,
    otime: ds.sem_otime,
    ctime: ds.sem_ctime,
    vals,
    pids,
  };
}

/**
 * Every set of the caller's IPC namespace, in index order. Each set is read with several calls, so a
 * namespace that other processes change meanwhile may be read inconsistently; a set that appears or
 * goes away during the walk makes it fail rather than return a partial list. `onProgress` hears of
 * each index read: the sets found so far, and how many SEM_INFO counts.
 */
export function readSemSets(onProgress?: (done: number, total: number) => void): HostSemSet[] {
  const usage = readSemUsage();
  const sets: HostSemSet[] = [];
  for (let idx = 0; idx <= usage.maxIdx; idx++) {
    const set = readSetAt(idx);
    if (set) sets.push(set);
    onProgress?.(sets.length, usage.sets);
  }
  if (sets.length !== usage.sets)
    throw new HostSemError(
      `found ${sets.length} semaphore sets but SEM_INFO counts ${usage.sets} (the namespace changed while it was read, or this kernel has no SEM_STAT_ANY)`,
    );
  return sets;
}
