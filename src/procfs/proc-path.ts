// fs/proc/base.c + root.c: resolving a /proc path (self, thread-self, <pid>, task/<tid>) to a file.
import { ENOENT } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { SYSTEM_FILES, type OpenContext, type ProcFile } from './proc-files.js';
import { SEMUNDO_FILE } from './semundo-file.js';

export interface ResolvedProcFile {
  file: ProcFile;
  ctx: OpenContext;
}

function liveTask(k: KernelState, tid: number): Task | undefined {
  const t = k.tasks.get(tid);
  return t && t.alive ? t : undefined;
}

function number(s: string | undefined): number | undefined {
  return s !== undefined && /^[1-9][0-9]*$/.test(s) ? Number(s) : undefined;
}

/** Resolves an absolute /proc path for `opener`; -ENOENT for unknown paths and dead tasks. */
export function resolveProcPath(k: KernelState, opener: Task, path: string): ResolvedProcFile | number {
  const parts = path.split('/').filter((p) => p.length > 0 && p !== '.');
  if (parts[0] !== 'proc') return -ENOENT;
  const rest = parts.slice(1);
  const ctx = (target: Task | null, processFile: boolean): OpenContext => ({
    opener,
    ns: opener.ns,
    target,
    processFile,
  });
  const system = SYSTEM_FILES[rest.join('/')];
  if (system) return { file: system, ctx: ctx(null, false) };
  let target: Task | undefined;
  let processFile = true;
  let i = 1;
  if (rest[0] === 'self') target = liveTask(k, opener.tgid);
  else if (rest[0] === 'thread-self') {
    target = opener;
    processFile = false;
  } else {
    const n = number(rest[0]);
    target = n === undefined ? undefined : liveTask(k, n);
    if (target && target.tid !== target.tgid) processFile = false;
  }
  if (target && rest[1] === 'task') {
    const tid = number(rest[2]);
    const t = tid === undefined ? undefined : liveTask(k, tid);
    target = t && t.process === target.process ? t : undefined;
    processFile = false;
    i = 3;
  }
  if (!target || rest.length !== i + 1 || rest[i] !== 'semundo') return -ENOENT;
  return { file: SEMUNDO_FILE, ctx: ctx(target, processFile) };
}
