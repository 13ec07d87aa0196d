// include/uapi/linux/sem.h, ipcbuf.h: the shapes user space exchanges with semctl and semop.

/** struct sembuf: u16 sem_num, s16 sem_op, s16 sem_flg. */
export const SEMBUF_SIZE = 6;
export interface Sembuf {
  sem_num: number;
  sem_op: number;
  sem_flg: number;
}

/** struct ipc64_perm as semctl reports it (uids already mapped into the caller's view). */
export interface IpcPerm {
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  mode: number;
  seq: number;
}

/** struct semid64_ds: what IPC_STAT / SEM_STAT / SEM_STAT_ANY return. Times in seconds. */
export interface SemidDs {
  sem_perm: IpcPerm;
  sem_otime: number;
  sem_ctime: number;
  sem_nsems: number;
}

/** What IPC_SET takes from a semid64_ds: uid, gid and the mode bits. */
export interface SemidDsSet {
  uid: number;
  gid: number;
  mode: number;
}

/** struct seminfo: IPC_INFO / SEM_INFO. */
export interface Seminfo {
  semmap: number;
  semmni: number;
  semmns: number;
  semmnu: number;
  semmsl: number;
  semopm: number;
  semume: number;
  semusz: number;
  semvmx: number;
  semaem: number;
}

/** struct timespec for semtimedop. */
export interface Timespec {
  tv_sec: number | bigint;
  tv_nsec: number | bigint;
}
