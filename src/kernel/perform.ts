// ipc/sem.c: perform_atomic_semop and perform_atomic_semop_slow — one atomic try of a sops array.
import {
  EAGAIN,
  EINTR,
  ERANGE,
  IPC_NOWAIT,
  SEM_UNDO,
  SEMADJ_MAX,
  SEMADJ_MIN,
  SEMVMX,
  type Sembuf,
} from '../abi/index.js';
import type { SemArray } from './sem-array.js';
import type { UndoEntry } from './undo-list.js';

/**
 * Returns 0 when applied, -ERANGE or -EAGAIN, or 1 + k when sops[k] must sleep.
 * Sequential semantics: the sops act in array order on the values left by the ones before.
 * `proceed`, for a sleeper's retry, is asked once the operation would succeed, before anything is
 * applied: false leaves everything as it was and returns -EINTR (the sleeper left at a signal first).
 */
export function performAtomicSemop(
  set: SemArray,
  sops: readonly Sembuf[],
  un: UndoEntry | null,
  pid: number,
  dupsop: boolean,
  proceed: (() => boolean) | null = null,
): number {
  if (dupsop) return performSlow(set, sops, un, pid, proceed);
  const vals = set.vals;
  const n = sops.length;
  for (let k = 0; k < n; k++) {
    const sop = sops[k]!;
    const op = sop.sem_op;
    const v = vals[sop.sem_num]!;
    if (op === 0) {
      if (v !== 0) return wouldBlock(sop, k);
      continue;
    }
    const r = v + op;
    if (r < 0) return wouldBlock(sop, k);
    if (r > SEMVMX) return -ERANGE;
    if (sop.sem_flg & SEM_UNDO) {
      const a = un!.semadj[sop.sem_num]! - op;
      if (a < SEMADJ_MIN || a > SEMADJ_MAX) return -ERANGE;
    }
  }
  if (proceed !== null && !proceed()) return -EINTR;
  const pids = set.pids;
  for (let k = 0; k < n; k++) {
    const sop = sops[k]!;
    const op = sop.sem_op;
    if (op !== 0) {
      vals[sop.sem_num] += op;
      if (sop.sem_flg & SEM_UNDO) un!.semadj[sop.sem_num] -= op;
    }
    pids[sop.sem_num] = pid;
  }
  if (un !== null) set.adjusted?.add(un);
  return 0;
}

function wouldBlock(sop: Sembuf, k: number): number {
  return sop.sem_flg & IPC_NOWAIT ? -EAGAIN : 1 + k;
}

// ipc/sem.c: perform_atomic_semop_slow — apply in place, roll back on failure
function performSlow(
  set: SemArray,
  sops: readonly Sembuf[],
  un: UndoEntry | null,
  pid: number,
  proceed: (() => boolean) | null,
): number {
  const vals = set.vals;
  let k = 0;
  let result = 0;
  for (; k < sops.length; k++) {
    const sop = sops[k]!;
    const op = sop.sem_op;
    const v = vals[sop.sem_num]!;
    if (op === 0 && v !== 0) {
      result = wouldBlock(sop, k);
      break;
    }
    const r = v + op;
    if (r < 0) {
      result = wouldBlock(sop, k);
      break;
    }
    if (r > SEMVMX) {
      result = -ERANGE;
      break;
    }
    if (sop.sem_flg & SEM_UNDO) {
      const a = un!.semadj[sop.sem_num]! - op;
      if (a < SEMADJ_MIN || a > SEMADJ_MAX) {
        result = -ERANGE;
        break;
      }
      un!.semadj[sop.sem_num] = a;
    }
    vals[sop.sem_num] = r;
  }
  if (result === 0 && (proceed === null || proceed())) {
    for (const sop of sops) set.pids[sop.sem_num] = pid;
    if (un !== null) set.adjusted?.add(un);
    return 0;
  }
  if (result === 0) result = -EINTR;
  for (let j = k - 1; j >= 0; j--) {
    const sop = sops[j]!;
    vals[sop.sem_num] -= sop.sem_op;
    if (sop.sem_flg & SEM_UNDO) un!.semadj[sop.sem_num] += sop.sem_op;
  }
  return result;
}
