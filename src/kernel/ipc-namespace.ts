// ipc/namespace.c + ipc/util.h: struct ipc_namespace, the semaphore part of it (sem_ids, sem_ctls, used_sems).
import { DEFAULT_SEM_LIMITS, type SemLimits } from '../abi/index.js';
import type { SemArray } from './sem-array.js';

export class IpcNamespace {
  /** sem_ctls[]: may hold any int, even negative (see /proc/sys/kernel/sem). */
  readonly limits: SemLimits;
  usedSems = 0;
  /** struct ipc_ids: in_use, seq, last_idx, max_idx, the IDR and its cyclic cursor, next_id. */
  inUse = 0;
  seq = 0;
  lastIdx = -1;
  maxIdx = -1;
  nextCursor = 0;
  nextId = -1;
  /** The IDR: index -> set. */
  readonly slots: (SemArray | undefined)[] = [];
  /** The key hash table (keys other than IPC_PRIVATE). */
  readonly keys = new Map<number, SemArray>();

  constructor(
    /** A number naming the namespace, like the inode of /proc/<pid>/ns/ipc. */
    readonly inum: number,
    limits?: Partial<SemLimits>,
  ) {
    this.limits = { ...DEFAULT_SEM_LIMITS, ...limits };
  }

  /** Live sets in index order. */
  *sets(): IterableIterator<SemArray> {
    for (let i = 0; i <= this.maxIdx; i++) {
      const s = this.slots[i];
      if (s) yield s;
    }
  }
}
