// Consistency of an image's IPC namespaces: distinct names, sets in index order with distinct keys,
// per-semaphore queues that name existing semaphores.
import { IPCMNI_IDX_MASK } from '../abi/index.js';
import { fail } from './image-error.js';
import type { NamespaceImage, QueuesImage, SetImage } from './image-types.js';
import type { SetRef } from './validate-context.js';

function checkQueueList(q: QueuesImage, nsems: number, path: string): void {
  q.sems.forEach((sq, k) => {
    const p = `${path}.queues.sems[${k}]`;
    if (k > 0 && sq.num <= q.sems[k - 1]!.num)
      fail(
        `${p}.num`,
        `${sq.num} does not come after ${q.sems[k - 1]!.num} (ascending, each semaphore once)`,
      );
    if (sq.num >= nsems) fail(`${p}.num`, `${sq.num} >= nsems ${nsems}`);
    if (sq.alter.length === 0 && sq.const.length === 0)
      fail(p, 'both queues are empty (only semaphores with a sleeper are listed)');
  });
}

function checkSets(ns: NamespaceImage, n: number): Map<number, SetRef> {
  const byId = new Map<number, SetRef>();
  const byKey = new Map<number, number>();
  let lastIdx = -1;
  ns.sets.forEach((set: SetImage, s) => {
    const path = `body.namespaces[${n}].sets[${s}]`;
    const idx = set.id & IPCMNI_IDX_MASK;
    if (idx <= lastIdx)
      fail(
        `${path}.id`,
        `${set.id} has index ${idx}, which does not come after index ${lastIdx} of sets[${s - 1}] (sets are in index order, one per index)`,
      );
    lastIdx = idx;
    if (set.key !== 0) {
      const other = byKey.get(set.key);
      if (other !== undefined) fail(`${path}.key`, `${set.key} is also the key of sets[${other}]`);
      byKey.set(set.key, s);
    }
    checkQueueList(set.queues, set.sems.length, path);
    byId.set(set.id, { set, n, s });
  });
  return byId;
}

/** Per namespace, its sets by id. */
export function checkNamespaces(namespaces: readonly NamespaceImage[]): Map<number, SetRef>[] {
  const inums = new Map<number, number>();
  return namespaces.map((ns, n) => {
    const other = inums.get(ns.inum);
    if (other !== undefined) fail(`body.namespaces[${n}].inum`, `${ns.inum} also names namespaces[${other}]`);
    inums.set(ns.inum, n);
    return checkSets(ns, n);
  });
}
