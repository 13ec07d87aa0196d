// semundo run --restore: a new session's model made from an image of another — its first IPC namespace
// (limits, sem_next_id, id allocator, sets with their ids, keys, owners, modes, values, times and sempids)
// becomes this session's first namespace, and each saved undo list waits for a process to take it.
import { restoreExact, type ImageBody, type SleepingCallImage } from '../image/index.js';
import type { KernelState } from '../kernel/index.js';
import type { LoopClock } from './loop-clock.js';
import { RestoredLists } from './restored-lists.js';

/** What the image holds that no new session can have. */
export interface RestoreLosses {
  /** Calls asleep in the image: their programs must make them again. */
  sleepers: { pid: number; tid: number; call: SleepingCallImage }[];
  /** IPC namespaces other than the first, which no process of the new session can enter. */
  namespaces: { inum: number; sets: number }[];
}

export interface RestoredSession {
  k: KernelState;
  lists: RestoredLists;
}

/** The sleepers and namespaces of an image that a restored session cannot have. */
export function restoreLosses(body: ImageBody): RestoreLosses {
  const sleepers: RestoreLosses['sleepers'] = [];
  for (const p of body.processes)
    for (const t of p.threads)
      if (t.call?.state === 'sleeping') sleepers.push({ pid: p.pid, tid: t.tid, call: t.call });
  return {
    sleepers,
    namespaces: body.namespaces.slice(1).map((ns) => ({ inum: ns.inum, sets: ns.sets.length })),
  };
}

/** The model of a new session whose first IPC namespace (real inode `inode`) is the image's first one. */
export function restoreSession(body: ImageBody, clock: LoopClock, inode: number): RestoredSession {
  const first = body.namespaces[0]!;
  const noQueues = { alter: [], const: [], sems: [] };
  const k = restoreExact(
    {
      source: 'model',
      lastPid: body.lastPid,
      namespaces: [{ ...first, inum: inode, sets: first.sets.map((s) => ({ ...s, queues: noQueues })) }],
      undoLists: [],
      processes: [],
    },
    clock,
  );
  return { k, lists: RestoredLists.fromImage(body, k.initNs) };
}
