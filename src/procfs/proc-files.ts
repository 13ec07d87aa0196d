// fs/proc: the files of the model's /proc that System V semaphores have, with their open permissions.
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, EACCES } from '../abi/index.js';
import { capable, inGroup, type IpcNamespace, type Task } from '../kernel/index.js';
import type { SeqOperations } from './seq-file.js';
import { sysvipcSemOps } from './sysvipc-sem.js';
import { readSemNextId, readSysctlSem, writeSemNextId, writeSysctlSem } from './sysctl-sem.js';

/** A file read through seq_file (records), or a sysctl (one value, read whole from offset 0). */
export type ProcFile =
  | { kind: 'seq'; seq(ns: IpcNamespace): SeqOperations<unknown>; mode(task: Task): number }
  | {
      kind: 'sysctl';
      read(ns: IpcNamespace): string;
      /** One write(); returns bytes consumed or a negative errno. */
      write(ns: IpcNamespace, data: string): number;
      mode(task: Task): number;
    };

const files: Record<string, ProcFile> = {
  '/proc/sysvipc/sem': { kind: 'seq', seq: sysvipcSemOps, mode: () => 0o444 },
  '/proc/sys/kernel/sem': { kind: 'sysctl', read: readSysctlSem, write: writeSysctlSem, mode: () => 0o644 },
  // ipc/ipc_sysctl.c: ipc_permissions — writable only with CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN
  '/proc/sys/kernel/sem_next_id': {
    kind: 'sysctl',
    read: readSemNextId,
    write: writeSemNextId,
    mode: (t) => (capable(t.cred, CAP_CHECKPOINT_RESTORE) || capable(t.cred, CAP_SYS_ADMIN) ? 0o666 : 0o444),
  },
};

export function lookupProcFile(path: string): ProcFile | undefined {
  return files[path];
}

// fs/proc/proc_sysctl.c: test_perm — root-owned files, uid/gid based, no capability override
export function procOpenCheck(task: Task, file: ProcFile, read: boolean, write: boolean): number {
  let mode = file.mode(task);
  if (task.cred.euid === 0) mode >>= 6;
  else if (inGroup(task.cred, 0)) mode >>= 3;
  const want = (read ? 4 : 0) | (write ? 2 : 0);
  if (want & ~mode & 7) return -EACCES;
  if (write && file.kind !== 'sysctl') return -EACCES;
  return 0;
}
