// ipc/sem.c and ipc/util.c on the real kernel, write side: one set recreated with a chosen id, creator,
// owner, mode and values, through sem_next_id, semget, IPC_SET and SETALL/SETVAL.
import { IPC_CREAT, IPC_EXCL, IPC_RMID, IPC_SET, SETALL, SETVAL } from '../abi/index.js';
import { withEffectiveIds } from './as-creator.js';
import { HostSemError, check, errnoName } from './host-sem-error.js';
import type { HostSemSet } from './sem-sets-read.js';
import { semget } from './sem-syscalls.js';
import { semctl } from './semctl.js';
import { writeSemNextId } from './sem-sysctls.js';

/**
 * A set to recreate: what a dump read of it, but its times. A semaphore saved with sempid 0 and value
 * 0 is left untouched, so its sempid stays 0.
 */
export type HostSemSetSpec = Readonly<
  Pick<HostSemSet, 'id' | 'key' | 'uid' | 'gid' | 'cuid' | 'cgid' | 'mode'>
> & {
  readonly vals: readonly number[];
  readonly pids: readonly number[];
};

// ipc/sem.c: semctl_down (IPC_RMID)
export function removeSet(id: number): number {
  return semctl(id, 0, IPC_RMID).ret;
}

/** ipc/util.c: ipc_idr_alloc takes sem_next_id's index or the first free one after it; only the first will do. */
function createWithId(s: HostSemSetSpec): void {
  check(writeSemNextId(s.id), `writing ${s.id} to /proc/sys/kernel/sem_next_id`);
  const got = withEffectiveIds(s.cuid, s.cgid, () =>
    semget(s.key, s.vals.length, IPC_CREAT | IPC_EXCL | (s.mode & 0o777)),
  );
  if (got < 0)
    throw new HostSemError(
      `semget(${s.key}, ${s.vals.length}) for set ${s.id} failed: ${errnoName(got)}`,
      -got,
    );
  if (got !== s.id) {
    removeSet(got);
    throw new HostSemError(
      `set ${s.id} was created as ${got} (another set took index ${s.id & 0x7fff} meanwhile)`,
    );
  }
}

/** Values: one SETALL when every semaphore is written, else SETVAL for those saved with a value or a sempid. */
function setValues(s: HostSemSetSpec): void {
  const touched = s.vals.map((v, i) => v !== 0 || s.pids[i] !== 0);
  if (touched.every(Boolean)) {
    check(semctl(s.id, 0, SETALL, s.vals).ret, `semctl(${s.id}, 0, SETALL)`);
    return;
  }
  touched.forEach((t, i) => {
    if (t) check(semctl(s.id, i, SETVAL, s.vals[i]).ret, `semctl(${s.id}, ${i}, SETVAL)`);
  });
}

/**
 * Creates the set with its id (as its creator, so cuid/cgid are the saved ones), then sets owner and
 * mode (IPC_SET) and values. On failure the set, if it was made, is removed again, and a HostSemError
 * says which step failed.
 */
export function createSet(s: HostSemSetSpec): void {
  createWithId(s);
  try {
    check(
      semctl(s.id, 0, IPC_SET, { uid: s.uid, gid: s.gid, mode: s.mode & 0o777 }).ret,
      `semctl(${s.id}, 0, IPC_SET)`,
    );
    setValues(s);
  } catch (e) {
    removeSet(s.id);
    throw e;
  }
}
