// ipc/sem.c: __do_semtimedop — validation in the 6.x order, the atomic try, and going to sleep.
import {
  E2BIG,
  EACCES,
  EAGAIN,
  EFBIG,
  EINVAL,
  SEM_UNDO,
  S_IRUGO,
  S_IWUGO,
  type Sembuf,
  type Timespec,
} from '../abi/index.js';
import {
  Waiter,
  doSmartUpdate,
  enqueueWaiter,
  findAllocUndo,
  ipcperms,
  lookupChecked,
  performAtomicSemop,
  semUnlock,
  type KernelState,
  type Task,
  type UndoEntry,
} from '../kernel/index.js';

const NSEC_PER_SEC = 1_000_000_000n;

/** Options of one call: a timeout (semtimedop), or nowait (the synchronous trySemop path). */
export interface SemopOptions {
  timeout?: Timespec | null;
  /** Never sleep: a call that would sleep fails with EAGAIN as if its blocking sop had IPC_NOWAIT. */
  nowait?: boolean;
}

function timeoutNs(t: Timespec): bigint | null {
  const sec = BigInt(t.tv_sec);
  const nsec = BigInt(t.tv_nsec);
  if (sec < 0n || nsec < 0n || nsec >= NSEC_PER_SEC) return null;
  return sec * NSEC_PER_SEC + nsec;
}

/** Returns 0, a negative errno, or the Waiter of a call that now sleeps. */
export function sysSemtimedop(
  k: KernelState,
  task: Task,
  semid: number,
  sops: readonly Sembuf[],
  opts?: SemopOptions,
): number | Waiter {
  const ns = task.ns;
  const nsops = sops.length;
  if (nsops >>> 0 > ns.limits.semopm >>> 0) return -E2BIG;
  if (nsops < 1) return -EINVAL;
  if (semid < 0) return -EINVAL;
  let relNs: bigint | null = null;
  if (opts?.timeout) {
    relNs = timeoutNs(opts.timeout);
    if (relNs === null) return -EINVAL;
  }
  let max = 0;
  let undos = false;
  let alter = false;
  let dupsop = false;
  let dupLo = 0;
  let dupHi = 0;
  for (let i = 0; i < nsops; i++) {
    const sop = sops[i]!;
    const num = sop.sem_num;
    if (num > max) max = num;
    if (sop.sem_flg & SEM_UNDO) undos = true;
    const bit = num & 63;
    const seen = bit < 32 ? dupLo & (1 << bit) : dupHi & (1 << (bit - 32));
    if (seen) dupsop = true;
    if (sop.sem_op !== 0) {
      alter = true;
      if (bit < 32) dupLo |= 1 << bit;
      else dupHi |= 1 << (bit - 32);
    }
  }
  let un: UndoEntry | null = null;
  if (undos) {
    const r = findAllocUndo(task, semid);
    if (typeof r === 'number') return r;
    un = r;
  }
  const set = lookupChecked(ns, semid);
  if (!set) return -EINVAL;
  if (max >= set.nsems) return -EFBIG;
  if (!ipcperms(task.cred, set, alter ? S_IWUGO : S_IRUGO)) return -EACCES;
  const pid = task.tgid;
  const r = performAtomicSemop(set, sops, un, pid, dupsop);
  if (r === 0) {
    if (alter) doSmartUpdate(set, sops, true, k.now());
    else set.otimes[sops[0]!.sem_num] = k.now();
    semUnlock(set);
    return 0;
  }
  if (r < 0) return r;
  if (opts?.nowait || relNs === 0n) return -EAGAIN;
  const copy = sops.map((s) => ({ sem_num: s.sem_num, sem_op: s.sem_op, sem_flg: s.sem_flg }));
  const w = new Waiter(task, set, copy, un, pid, alter, dupsop, r - 1);
  if (relNs !== null) w.deadlineNs = k.clock.monotonicNs() + relNs;
  enqueueWaiter(set, w);
  task.waiter = w;
  return w;
}
