// semundo undo adopt OLD NEW: a saved undo list of the image the session was restored from is given to a
// process of the session (the restorer's way; the RFC's is the process writing /proc/self/semundo). The
// caller must be allowed to read the saved process's list (ptrace read rule, on its saved credentials)
// and the new process's (it owns it, or holds CAP_SYS_PTRACE).
import { EACCES, EBUSY, ERRNO_NAMES, ESRCH } from '../abi/index.js';
import { credOfImage } from '../image/index.js';
import { Process, Task } from '../kernel/index.js';
import { mayReadUndo } from '../procfs/index.js';
import { readThreadStatus } from '../host/proc-status.js';
import type { Answer, Caller } from './control-protocol.js';
import { outsider } from './control-queries.js';
import type { SessionState } from './session-state.js';

export interface AdoptResult {
  old: number;
  pid: number;
  /** The entries the list holds now. */
  entries: number;
}

const fail = (errno: number, error: string): Answer<never> => ({
  ok: false,
  error,
  errno: ERRNO_NAMES[errno] ?? String(errno),
});

/** Whether `pid` runs under this session's filter: a descendant of its keeper with seccomp filters on. */
function inSession(pid: number, keeper: number): boolean {
  const st = readThreadStatus(pid);
  if (typeof st === 'number' || st.tgid !== pid || st.seccomp !== 2) return false;
  for (let p = st.ppid, hops = 0; p > 1 && hops < 4096; hops++) {
    if (p === keeper) return true;
    const up = readThreadStatus(p);
    if (typeof up === 'number') return false;
    p = up.ppid;
  }
  return false;
}

export function serveAdopt(
  st: SessionState,
  keeper: number,
  caller: Caller,
  old: number,
  pid: number,
): Answer {
  const k = st.k;
  const saved = st.restored.holder(old);
  if (!saved) return fail(ESRCH, `no saved undo list of ${old} waits in this session`);
  if (saved.adoptedBy !== null)
    return fail(EBUSY, `the list of ${old} was taken by process ${saved.adoptedBy}`);
  const me = outsider(k, caller);
  const ghost = new Task(-1, new Process(-2), credOfImage(saved.cred), k.initNs, null);
  if (!mayReadUndo(me, ghost)) return fail(EACCES, `may not take the undo list of ${old}`);
  let target = k.processes.get(pid)?.firstLiveThread() ?? null;
  if (!target) {
    if (!inSession(pid, keeper)) return fail(ESRCH, `no process ${pid} in this session`);
    const met = st.tasks.refresh(pid);
    if (typeof met === 'number') return fail(ESRCH, `no process ${pid} in this session`);
    target = met;
  }
  if (!mayReadUndo(me, target)) return fail(EACCES, `may not give an undo list to process ${pid}`);
  const refused = st.restored.refusal(old, target, k.initNs);
  if (refused) return fail(refused[0], refused[1]);
  st.commit({ t: 'adopt', old, pid });
  return { ok: true, result: { old, pid, entries: target.undoList?.size ?? 0 } satisfies AdoptResult };
}
