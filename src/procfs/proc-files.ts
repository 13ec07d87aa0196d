// fs/proc: the files of the model's /proc that System V semaphores have, with their open permissions.
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, EACCES } from '../abi/index.js';
import { capable, inGroup, type IpcNamespace, type Task } from '../kernel/index.js';
import type { SeqOperations } from './seq-file.js';
import { sysvipcSemOps } from './sysvipc-sem.js';
import { readSemNextId, readSysctlSem, writeSemNextId, writeSysctlSem } from './sysctl-sem.js';

/** Who opened a file, in which IPC namespace (bound at open), and the task a per-task file is about. */
export interface OpenContext {
  opener: Task;
  ns: IpcNamespace;
  target: Task | null;
  /** The path named a process file (/proc/<pid>/...) rather than a thread file (.../task/<tid>/...). */
  processFile: boolean;
}

export interface ProcFile {
  /** The checks of open(2) for this access: 0 or a negative errno. */
  open(ctx: OpenContext, read: boolean, write: boolean): number;
  /** Records, for files read through seq_file. */
  seq?(ctx: OpenContext): SeqOperations<unknown>;
  /** The whole value, for sysctl files (read only from offset 0). */
  value?(ctx: OpenContext): string;
  /** One write(): bytes consumed or a negative errno. */
  write?(ctx: OpenContext, data: string): number;
}

// fs/proc/proc_sysctl.c: test_perm — root-owned files, uid/gid based, no capability override
export function modeAllows(task: Task, mode: number, read: boolean, write: boolean): boolean {
  if (task.cred.euid === 0) mode >>= 6;
  else if (inGroup(task.cred, 0)) mode >>= 3;
  const want = (read ? 4 : 0) | (write ? 2 : 0);
  return (want & ~mode & 7) === 0;
}

function byMode(mode: (t: Task) => number, writable: boolean) {
  return (ctx: OpenContext, read: boolean, write: boolean): number =>
    (write && !writable) || !modeAllows(ctx.opener, mode(ctx.opener), read, write) ? -EACCES : 0;
}

export const SYSTEM_FILES: Readonly<Record<string, ProcFile>> = {
  'sysvipc/sem': {
    open: byMode(() => 0o444, false),
    seq: (c) => sysvipcSemOps(c.ns) as SeqOperations<unknown>,
  },
  'sys/kernel/sem': {
    open: byMode(() => 0o644, true),
    value: (c) => readSysctlSem(c.ns),
    write: (c, d) => writeSysctlSem(c.ns, d),
  },
  // ipc/ipc_sysctl.c: ipc_permissions — writable only with CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN
  'sys/kernel/sem_next_id': {
    open: byMode(
      (t) => (capable(t.cred, CAP_CHECKPOINT_RESTORE) || capable(t.cred, CAP_SYS_ADMIN) ? 0o666 : 0o444),
      true,
    ),
    value: (c) => readSemNextId(c.ns),
    write: (c, d) => writeSemNextId(c.ns, d),
  },
};
