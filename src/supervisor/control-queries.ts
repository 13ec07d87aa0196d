// What the control socket asks of the model, answered on the serving thread between two notifications:
// the processes (ps), the sets as ipcs shows them, and /proc/<pid>/semundo read with the caller's rights.
import { EACCES, ERRNO_NAMES } from '../abi/index.js';
import { Process, Task, countSemcnt, type KernelState } from '../kernel/index.js';
import { SeqFile, mayReadUndo, resolveProcPath } from '../procfs/index.js';
import type { Answer, Caller, IpcsResult, PsProcess, Request } from './control-protocol.js';
import { readThreadStatus } from '../host/proc-status.js';
import { liveCheckpoint, type CheckpointResult } from './live-checkpoint.js';

export class ControlQueries {
  constructor(
    private readonly k: KernelState,
    private readonly command: string[],
    private readonly producer: string,
    private readonly adopt: (caller: Caller, old: number, pid: number) => Answer,
  ) {}

  answer(req: Request, caller: Caller): Answer {
    switch (req.op) {
      case 'ps':
        return { ok: true, result: this.ps() };
      case 'ipcs':
        return { ok: true, result: this.ipcs(caller) };
      case 'undo':
        return this.undo(caller, req.pid, req.tid);
      case 'checkpoint':
        return this.checkpoint(caller);
      case 'adopt':
        return this.adopt(caller, req.old, req.pid);
      case 'sleeping':
        return { ok: true, result: req.tids.map((t) => this.k.tasks.get(t)?.waiter != null) };
    }
  }

  private ps(): PsProcess[] {
    const out: PsProcess[] = [];
    for (const p of this.k.processes.values()) {
      const lead = p.leader ?? p.firstLiveThread();
      if (!lead) continue;
      const st = readThreadStatus(p.tgid);
      out.push({
        pid: p.tgid,
        ppid: typeof st === 'number' ? 0 : st.ppid,
        uid: lead.cred.uid,
        threads: p.liveThreads().map((t) => ({ tid: t.tid, sleeping: t.waiter !== null })),
        undoEntries: lead.undoList ? lead.undoList.entries().length : 0,
        ipcNs: lead.ns.inum,
      });
    }
    return out.sort((a, b) => a.pid - b.pid);
  }

  private ipcs(caller: Caller): IpcsResult {
    const ns = this.k.initNs;
    const l = ns.limits;
    const sets = [...ns.sets()].map((s) => ({
      key: s.key,
      semid: s.id,
      mode: s.mode,
      nsems: s.nsems,
      uid: s.uid,
      gid: s.gid,
      cuid: s.cuid,
      cgid: s.cgid,
      otime: s.otime(),
      ctime: s.ctime,
      sems: Array.from({ length: s.nsems }, (_, i) => ({
        value: s.vals[i]!,
        ncount: countSemcnt(s, i, false),
        zcount: countSemcnt(s, i, true),
        pid: s.pids[i]!,
      })),
    }));
    const undo: IpcsResult['undo'] = [];
    for (const p of [...this.k.processes.values()].sort((a, b) => a.tgid - b.tgid)) {
      const r = this.undo(caller, p.tgid);
      if (r.ok && r.result !== '') undo.push({ pid: p.tgid, text: r.result as string });
    }
    return {
      limits: [l.semmsl, l.semmns, l.semopm, l.semmni],
      used: { sets: ns.inUse, sems: ns.usedSems },
      sets,
      undo,
    };
  }

  /** An image of the whole session now; the caller must be allowed to read every process's undo list. */
  private checkpoint(caller: Caller): Answer<CheckpointResult> {
    const me = outsider(this.k, caller);
    const r = liveCheckpoint(this.k, this.command, this.producer, (t) => mayReadUndo(me, t));
    return typeof r === 'number'
      ? fail(-EACCES, `may not read the undo list of process ${r}`)
      : { ok: true, result: r };
  }

  /** /proc/<pid>/semundo (or .../task/<tid>/semundo) as `caller` may read it. */
  private undo(caller: Caller, pid: number, tid?: number): Answer<string> {
    const opener = outsider(this.k, caller);
    const path = tid === undefined ? `/proc/${pid}/semundo` : `/proc/${pid}/task/${tid}/semundo`;
    const r = resolveProcPath(this.k, opener, path);
    if (typeof r === 'number') return fail(r, `no process ${pid} in this session`);
    const err = r.file.open(r.ctx, true, false);
    if (err) return fail(err, `may not read ${path}`);
    return { ok: true, result: new SeqFile(r.file.seq!(r.ctx)).read(0, Number.MAX_SAFE_INTEGER) };
  }
}

function fail(errno: number, error: string): Answer<never> {
  return { ok: false, error, errno: ERRNO_NAMES[-errno] ?? String(-errno) };
}

/** The caller as a task of no process of the session, with its real credentials. */
export function outsider(k: KernelState, c: Caller): Task {
  const [uid, euid, suid, fsuid] = c.uids;
  const [gid, egid, sgid, fsgid] = c.gids;
  const caps = BigInt('0x' + c.capEff);
  const capEff = new Set<number>();
  for (let bit = 0; bit < 64; bit++) if ((caps >> BigInt(bit)) & 1n) capEff.add(bit);
  const cred = { uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups: c.groups, capEff, capPrm: capEff };
  return new Task(-1, new Process(-1), cred, k.initNs, null);
}
