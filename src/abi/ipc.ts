// include/uapi/linux/ipc.h and sem.h: flag and command values (x86_64).
export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000;
export const IPC_EXCL = 0o2000;
export const IPC_NOWAIT = 0o4000;
export const SEM_UNDO = 0x1000;

export const IPC_RMID = 0;
export const IPC_SET = 1;
export const IPC_STAT = 2;
export const IPC_INFO = 3;
export const IPC_64 = 0x100;

export const GETPID = 11;
export const GETVAL = 12;
export const GETALL = 13;
export const GETNCNT = 14;
export const GETZCNT = 15;
export const SETVAL = 16;
export const SETALL = 17;
export const SEM_STAT = 18;
export const SEM_INFO = 19;
export const SEM_STAT_ANY = 20;

/** include/uapi/linux/sched.h: the clone/unshare flags semaphores care about. */
export const CLONE_SYSVSEM = 0x00040000;
export const CLONE_NEWIPC = 0x08000000;

/** Permission bits asked of ipcperms (ipc/util.c). */
export const S_IRUGO = 0o444;
export const S_IWUGO = 0o222;

/** All semctl commands that exist on x86_64, by name. */
export const SEMCTL_COMMANDS: Readonly<Record<string, number>> = {
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  IPC_INFO,
  GETPID,
  GETVAL,
  GETALL,
  GETNCNT,
  GETZCNT,
  SETVAL,
  SETALL,
  SEM_STAT,
  SEM_INFO,
  SEM_STAT_ANY,
};
