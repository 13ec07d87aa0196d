// /proc/<pid>/semundo and /proc/<pid>/task/<tid>/semundo: a task's undo list, read by others, written by itself.
import { CAP_SYS_PTRACE, EACCES } from '../abi/index.js';
import { capable, getUndoList, type Task } from '../kernel/index.js';
import { sysSemundoWrite } from '../syscalls/index.js';
import type { OpenContext, ProcFile } from './proc-files.js';
import { parseSemundo } from './semundo-parse.js';
import { semundoOps } from './semundo-show.js';
import type { SeqOperations } from './seq-file.js';

// kernel/ptrace.c: __ptrace_may_access in PTRACE_MODE_READ — same process, same uids, or CAP_SYS_PTRACE
export function mayReadUndo(opener: Task, target: Task): boolean {
  if (opener.process === target.process) return true;
  const c = opener.cred;
  const t = target.cred;
  return (c.uid === t.uid && c.euid === t.euid) || capable(c, CAP_SYS_PTRACE);
}

/** Only the task itself: its thread file, or its process file when it shares the leader's undo list. */
function mayWrite(ctx: OpenContext): boolean {
  const { opener, target } = ctx;
  if (!target) return false;
  if (target === opener) return true;
  if (!ctx.processFile || target.process !== opener.process || target.tid !== target.tgid) return false;
  return opener.undoList !== null && opener.undoList === target.undoList;
}

export const SEMUNDO_FILE: ProcFile = {
  open(ctx, read, write) {
    const target = ctx.target!;
    if (read && !mayReadUndo(ctx.opener, target)) return -EACCES;
    if (write) {
      if (!mayWrite(ctx)) return -EACCES;
      getUndoList(ctx.opener);
    }
    return 0;
  },
  seq: (ctx) => semundoOps(ctx.target!) as SeqOperations<unknown>,
  write(ctx, data) {
    const lines = parseSemundo(data);
    if (typeof lines === 'number') return lines;
    const err = sysSemundoWrite(ctx.opener, lines);
    return err < 0 ? err : data.length;
  },
};
