// kernel/fork.c: ksys_unshare and kernel/nsproxy.c: setns, for a real thread — the model detaches the
// thread's undo list (applying it if the thread was its last holder) before the kernel runs the call,
// and the thread's IPC namespace is read again at its next call (a new one is fresh in the model).
import { readlinkSync } from 'node:fs';
import { CAP_SYS_ADMIN, CLONE_NEWIPC, CLONE_SYSVSEM } from '../abi/index.js';
import { capable, type Task } from '../kernel/index.js';
import { nidOf, type EntryBody } from './state-entries.js';
import { argInt, type Listener, type Notification } from '../host/seccomp-listener.js';
import type { SessionTasks } from './session-tasks.js';
import { shareWithHiddenHolders } from './hidden-holders.js';

const CLONE_NEWUSER = 0x10000000;
/** kernel/fork.c: check_unshare_flags — the flags unshare(2) knows. */
const UNSHARE_KNOWN =
  0x00010000 |
  0x00000200 |
  0x00020000 |
  0x00000800 |
  0x00000100 |
  0x00000400 |
  CLONE_SYSVSEM |
  0x04000000 |
  CLONE_NEWIPC |
  0x40000000 |
  CLONE_NEWUSER |
  0x20000000 |
  0x02000000 |
  0x00000080;

export class NamespaceServer {
  constructor(
    private readonly listener: Listener,
    private readonly tasks: SessionTasks,
    /** Records and applies a 'detach' entry (which lets the call go on). */
    private readonly commit: (e: Extract<EntryBody, { t: 'detach' }>) => void,
  ) {}

  // kernel/fork.c: ksys_unshare — CLONE_NEWIPC implies CLONE_SYSVSEM; it needs CAP_SYS_ADMIN unless a new
  // user namespace comes with it
  unshare(task: Task, n: Notification): void {
    const flags = argInt(n, 0);
    const ok =
      (flags & ~UNSHARE_KNOWN) === 0 &&
      (!(flags & CLONE_NEWIPC) || flags & CLONE_NEWUSER || capable(task.cred, CAP_SYS_ADMIN));
    if (ok) this.detach(task, n);
    else this.listener.continueCall(n);
  }

  // kernel/nsproxy.c: setns — joining an IPC namespace (by its fd, or by a pidfd with CLONE_NEWIPC)
  setns(task: Task, n: Notification): void {
    const fd = argInt(n, 0);
    const nstype = argInt(n, 1);
    let link = '';
    try {
      link = readlinkSync(`/proc/${task.tid}/fd/${fd}`);
    } catch {
      // A bad descriptor: the kernel says EBADF.
    }
    const ipcFd = link.startsWith('ipc:[') && (nstype === 0 || nstype === CLONE_NEWIPC);
    const pidfd = link === 'anon_inode:[pidfd]' && (nstype & CLONE_NEWIPC) !== 0;
    if ((ipcFd || pidfd) && capable(task.cred, CAP_SYS_ADMIN)) this.detach(task, n);
    else this.listener.continueCall(n);
  }

  private detach(task: Task, n: Notification): void {
    shareWithHiddenHolders(task, true, this.tasks.holders);
    this.commit({ t: 'detach', tid: task.tid, id: nidOf(n) });
  }
}
