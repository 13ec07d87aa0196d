// Restore, syscalls mode: only what a user-space restorer can do on a kernel with /proc/<pid>/semundo
// — sem_next_id, semget(IPC_CREAT|IPC_EXCL), SETALL, IPC_SET, clone, setns, the semundo write, semop
// again for each sleeper, credentials, sigaction, SIGSTOP. docs/image-format.md lists what it loses.
import type { Clock } from '../lib/index.js';
import { KernelState } from '../kernel/index.js';
import { sysExitGroup } from '../syscalls/index.js';
import type { ImageBody } from './image-types.js';
import { restoreSetsThroughSyscalls } from './restore-syscalls-sets.js';
import { restoreTasksThroughSyscalls } from './restore-syscalls-tasks.js';

export interface SyscallsRestore {
  state: KernelState;
  /** The image's thread ids, and the ids the restored threads got. */
  tids: Map<number, number>;
  /** The image's thread ids whose sleeping call or held result could not be carried. */
  lostCalls: Set<number>;
}

/** A new machine rebuilt from a validated image body through system calls only. */
export function restoreThroughSyscalls(body: ImageBody, clock: Clock): SyscallsRestore {
  const k = new KernelState(clock);
  const restorers = restoreSetsThroughSyscalls(k, body);
  const { tids, lostCalls } = restoreTasksThroughSyscalls(k, body, restorers);
  for (const r of restorers) if (r !== k.init) sysExitGroup(k, r);
  return { state: k, tids, lostCalls };
}
