// include/uapi/linux/sem.h, ipc/util.h: limits of System V semaphores (x86_64, no ipcmni_extend).
export const SEMMSL = 32000;
export const SEMMNS = SEMMSL * 32000;
export const SEMOPM = 500;
export const SEMMNI = 32000;
export const SEMVMX = 32767;
export const SEMAEM = SEMVMX;
export const SEMUME = SEMOPM;
export const SEMMNU = SEMMNS;
export const SEMMAP = SEMMNS;
export const SEMUSZ = 20;

/** ipc/util.h: index space and id composition. */
export const IPCMNI_SHIFT = 15;
export const IPCMNI = 1 << IPCMNI_SHIFT;
export const IPCMNI_IDX_MASK = IPCMNI - 1;
/** INT_MAX >> IPCMNI_SHIFT: the sequence number wraps to 0 when it reaches this. */
export const IPCMNI_SEQ_MAX = 0x7fffffff >> IPCMNI_SHIFT;
/** ipc/util.c: RADIX_TREE_MAP_SIZE on 64-bit, the minimum cyclic index range. */
export const IPC_MIN_CYCLE = 64;

/** semadj bounds kept by semop (ipc/sem.c: perform_atomic_semop). */
export const SEMADJ_MIN = -(SEMAEM + 1);
export const SEMADJ_MAX = SEMAEM;

/** The overflow uid/gid shown for ids that do not map (include/linux/highuid.h). */
export const OVERFLOW_UID = 65534;
export const OVERFLOW_GID = 65534;

/** sem_ctls[] of an IPC namespace, in the order of /proc/sys/kernel/sem. */
export interface SemLimits {
  semmsl: number;
  semmns: number;
  semopm: number;
  semmni: number;
}

export const DEFAULT_SEM_LIMITS: Readonly<SemLimits> = {
  semmsl: SEMMSL,
  semmns: SEMMNS,
  semopm: SEMOPM,
  semmni: SEMMNI,
};
