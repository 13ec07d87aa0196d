// Restore, exact mode: processes and their live threads with their pids, credentials, namespaces,
// signal dispositions and undo lists.
import { doExit, type IpcNamespace, type KernelState, type Task, type UndoList } from '../kernel/index.js';
import type { ImageBody, ProcessImage } from './image-types.js';
import { restoreUndoList } from './restore-undo.js';
import { credOfImage } from './cred-image.js';

/** The tasks of one process; its leader is made first and, if the image has no live leader, ends. */
function restoreProcess(k: KernelState, p: ProcessImage, nss: readonly IpcNamespace[]): Task[] {
  const first = p.threads[0]!;
  const leader =
    p.pid === k.init.tgid ? k.init : k.newProcess(credOfImage(first.cred), nss[first.ns]!, p.pid);
  const tasks = p.threads.map((t) => (t.tid === p.pid ? leader : k.newThread(leader, t.tid)));
  if (!tasks.includes(leader)) doExit(k, leader);
  p.threads.forEach((t, i) => {
    const task = tasks[i]!;
    task.cred = credOfImage(t.cred);
    task.ns = nss[t.ns]!;
  });
  leader.process.stopped = p.stopped;
  for (const d of p.dispositions) leader.process.dispositions.set(d.sig, d.action);
  return tasks;
}

/** Every process of the image, by tid of each restored task; pid 1 reuses the machine's init. */
export function restoreTasks(
  k: KernelState,
  body: ImageBody,
  nss: readonly IpcNamespace[],
): Map<number, Task> {
  const byTid = new Map<number, Task>();
  const lists = new Map<number, UndoList>();
  // A host image holds no processes: the new machine keeps its own init to work with.
  const keepInit = body.source === 'host' || body.processes.some((p) => p.pid === k.init.tgid);
  if (!keepInit) doExit(k, k.init);
  for (const p of body.processes) {
    const tasks = restoreProcess(k, p, nss);
    p.threads.forEach((t, i) => {
      const task = tasks[i]!;
      byTid.set(t.tid, task);
      if (t.undoList === null) return;
      let list = lists.get(t.undoList);
      if (!list) {
        list = restoreUndoList(body.undoLists[t.undoList]!, nss[t.ns]!);
        lists.set(t.undoList, list);
      }
      list.refcnt++;
      task.undoList = list;
    });
  }
  k.setLastPid(Math.max(body.lastPid, k.lastAllocatedPid));
  return byTid;
}
