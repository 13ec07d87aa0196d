// kernel/sys.c, kernel/groups.c, kernel/capability.c: a change of one task's credentials made as a
// program makes it — setgroups, setresgid, setresuid (keeping capabilities when new ones follow), then
// capset — stopping at the first call that fails, with the calls before it done.
import {
  KEEP_ID,
  credCapset,
  credSetgroups,
  credSetresgid,
  credSetresuid,
  type Cred,
  type Task,
} from '../kernel/index.js';

/** Absent fields stay unchanged. uid sets the real uid, euid (or else uid) the effective and saved uids; gids alike. */
export interface CredChange {
  uid?: number;
  gid?: number;
  euid?: number;
  egid?: number;
  groups?: readonly number[];
  /** The new effective and permitted capabilities. */
  caps?: Iterable<number>;
}

export type CredSyscall = 'setgroups' | 'setresgid' | 'setresuid' | 'capset';

/** The call that failed and its negative errno. */
export interface CredFailure {
  syscall: CredSyscall;
  errno: number;
}

type CredStep = [CredSyscall, (old: Cred) => Cred | number];

function credSteps(c: CredChange): CredStep[] {
  const steps: CredStep[] = [];
  const caps = c.caps === undefined ? undefined : new Set(c.caps);
  const groups = c.groups;
  if (groups) steps.push(['setgroups', (o) => credSetgroups(o, groups)]);
  if (c.gid !== undefined || c.egid !== undefined) {
    const e = c.egid ?? c.gid ?? KEEP_ID;
    steps.push(['setresgid', (o) => credSetresgid(o, c.gid ?? KEEP_ID, e, e)]);
  }
  if (c.uid !== undefined || c.euid !== undefined) {
    const e = c.euid ?? c.uid ?? KEEP_ID;
    steps.push(['setresuid', (o) => credSetresuid(o, c.uid ?? KEEP_ID, e, e, caps !== undefined)]);
  }
  if (caps) steps.push(['capset', (o) => credCapset(o, caps, caps)]);
  return steps;
}

/** As sysSetcred, naming the call that failed. */
export function sysSetcredCalls(task: Task, change: CredChange): 0 | CredFailure {
  for (const [syscall, step] of credSteps(change)) {
    const r = step(task.cred);
    if (typeof r === 'number') return { syscall, errno: r };
    task.cred = r;
  }
  return 0;
}

// kernel/sys.c: setgroups, setresgid, setresuid and kernel/capability.c: capset, in that order
export function sysSetcred(task: Task, change: CredChange): number {
  const r = sysSetcredCalls(task, change);
  return r === 0 ? 0 : r.errno;
}
