// What a restorer does with /proc files: open and one write(), as the task itself, through procfs.
import type { KernelState, Task } from '../kernel/index.js';
import { resolveProcPath } from '../procfs/index.js';

/** Writes `data` to the /proc file at `path` as `task`: the bytes consumed or a negative errno. */
export function procWrite(k: KernelState, task: Task, path: string, data: string): number {
  const r = resolveProcPath(k, task, path);
  if (typeof r === 'number') return r;
  const err = r.file.open(r.ctx, false, true);
  if (err) return err;
  return r.file.write ? r.file.write(r.ctx, data) : -1;
}
