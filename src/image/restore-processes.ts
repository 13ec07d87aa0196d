// Process-level restart: the processes of an image (their undo lists, sleeping calls, credentials)
// started again in another machine whose IPC namespace already holds the sets, as semundo(5)'s
// restart does — each restored process writes its own /proc/self/semundo.
import { lookupChecked, type IpcNamespace, type KernelState } from '../kernel/index.js';
import { ImageError } from './image-error.js';
import type { ImageBody } from './image-types.js';
import { restoreTasksThroughSyscalls } from './restore-syscalls-tasks.js';

/** Every set the image's undo lists and sleeping calls name must be in `ns`, with as many semaphores. */
function checkSets(ns: IpcNamespace, body: ImageBody): void {
  const set = (semid: number, path: string) => {
    const found = lookupChecked(ns, semid);
    if (!found) throw new ImageError(path, `set ${semid} does not exist in the target namespace`);
    return found;
  };
  body.undoLists.forEach((l, i) =>
    l.entries.forEach((e, j) => {
      const path = `body.undoLists[${i}].entries[${j}].semid`;
      const { nsems } = set(e.semid, path);
      if (nsems !== e.semadj.length)
        throw new ImageError(
          path,
          `set ${e.semid} has ${nsems} semaphores in the target namespace, not ${e.semadj.length}`,
        );
    }),
  );
  body.processes.forEach((p, i) =>
    p.threads.forEach((t, j) => {
      if (t.call?.state !== 'sleeping') return;
      const path = `body.processes[${i}].threads[${j}].call.semid`;
      const { nsems } = set(t.call.semid, path);
      const top = Math.max(...t.call.sops.map((s) => s.sem_num));
      if (top >= nsems)
        throw new ImageError(path, `set ${t.call.semid} has no semaphore ${top} in the target namespace`);
    }),
  );
}

/**
 * Starts the image's processes again in `k`, in its initial IPC namespace, which must already hold
 * every set they name. Checked whole before anything is made. New pids; returns old tid -> new tid.
 * A sleeping call is made again and sleeps, or ends at once if the values now let it.
 */
export function restoreProcessesInto(k: KernelState, body: ImageBody): Map<number, number> {
  if (body.source !== 'model' || body.namespaces.length !== 1)
    throw new ImageError(
      'body.namespaces',
      `a process-level restart takes the processes of one namespace of a model image (this one: ${body.source}, ${body.namespaces.length} namespaces)`,
    );
  checkSets(k.initNs, body);
  return restoreTasksThroughSyscalls(k, body, [k.init], true).tids;
}
