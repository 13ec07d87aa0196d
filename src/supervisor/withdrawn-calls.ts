// kernel/seccomp.c: seccomp_do_user_notification's interruptible wait before the supervisor receives a
// notification. A signal that reaches the thread then withdraws the notification (its id is never
// received); with an SA_RESTART handler (or a stop and SIGCONT) the kernel restarts the call at once,
// and it arrives again as a new notification that cannot be told from a fresh call. Linux's semop ends
// with EINTR when a caught signal or a stop reaches it asleep, whatever SA_RESTART says. So the
// notification that comes right after a withdrawn one, if it is a semop that would sleep from a thread
// that catches signals and has slept at least twice (the withdrawn wait, and this one: not a process
// just forked), is taken to be that restarted call, and ends with EINTR.
import { readThreadStatus } from '../host/proc-status.js';
import type { Notification } from '../host/seccomp-listener.js';

export class WithdrawnCalls {
  private lastIdLo = -1;
  /** Whether the notification being served is the first after a withdrawn one. */
  private afterWithdrawal = false;

  /**
   * Ids are handed out one by one (next_id++): one missing between two received was withdrawn. (RECV's
   * ENOENT says nothing more: a withdrawal leaves RECV's count one too high, and some later RECV, not
   * necessarily the next, fails once for it.)
   */
  received(n: Notification): void {
    this.afterWithdrawal = this.lastIdLo !== -1 && n.idLo !== (this.lastIdLo + 1) >>> 0;
    this.lastIdLo = n.idLo;
  }

  /** A restarted server goes on from the last id its predecessor received. */
  resumeAfter(idLo: number): void {
    this.lastIdLo = idLo;
  }

  /**
   * Whether the semop being served, of thread `tid`, which would sleep, is the restart of a withdrawn
   * call: it is the first notification after one was withdrawn, the thread has signal handlers, and it
   * has slept in the withdrawn call before this one.
   */
  claimRestart(tid: number): boolean {
    if (!this.afterWithdrawal) return false;
    this.afterWithdrawal = false;
    const st = readThreadStatus(tid);
    return typeof st !== 'number' && st.sigCgt !== 0n && st.voluntarySwitches >= 2;
  }
}
