// The real kernel's System V semaphore state of the calling thread's IPC namespace, as plain data.
import type { SemLimits } from '../abi/index.js';
import { ipcNamespaceInode } from './ipc-namespace-inode.js';
import { readSemSets, type HostSemSet } from './sem-sets-read.js';
import { readNsLastPid, readSemLimits, readSemNextId } from './sem-sysctls.js';

export interface HostSemNamespace {
  /** The inode naming the namespace (/proc/thread-self/ns/ipc). */
  inum: number;
  limits: SemLimits;
  /** sem_next_id: -1 when none is pending (also when the kernel has no such sysctl, so none can be). */
  semNextId: number;
  /** ns_last_pid of the caller's pid namespace, or null when it cannot be read. */
  lastPid: number | null;
  sets: HostSemSet[];
}

/** Reads everything user space can read of the namespace's semaphores (see docs/image-format.md, Host images). */
export function readHostSemNamespace(onProgress?: (done: number, total: number) => void): HostSemNamespace {
  return {
    inum: ipcNamespaceInode(),
    limits: readSemLimits(),
    semNextId: readSemNextId() ?? -1,
    lastPid: readNsLastPid(),
    sets: readSemSets(onProgress),
  };
}
