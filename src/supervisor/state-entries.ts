// The journal's entries: every change a session's model goes through, as the serving loop decided it from
// what the real kernel said (a thread's /proc, kcmp, its memory), so that replaying the entries in order on
// the last snapshot rebuilds the same model. Each carries the clock the change read (CLOCK_MONOTONIC ns of
// the session, CLOCK_REALTIME seconds), and the calls it answers carry their notification id.
import type { SemidDsSet } from '../abi/index.js';
import type { CredImage } from '../image/index.js';
import type { NotificationId } from '../host/seccomp-listener.js';

/** A notification id as [low 32 bits, high 32 bits]. */
export type Nid = [number, number];

export type EntryBody =
  /** A real thread met: a new process (tid = tgid, not known yet) or a thread of a known one. */
  | { t: 'task'; tid: number; tgid: number; cred: CredImage; ns: number; ino: number; share: number | null }
  /** A thread's credentials and IPC namespace read again. */
  | { t: 'cred'; tid: number; cred: CredImage; ns: number }
  /** A thread found holding another's undo list (hidden-holders.ts). */
  | { t: 'share'; tid: number; from: number }
  /** kernel/exit.c: do_exit of a thread. */
  | { t: 'exit'; tid: number }
  /** unshare(CLONE_SYSVSEM) or setns: the list is let go, the call goes on to the kernel. */
  | { t: 'detach'; tid: number; id: Nid }
  | { t: 'semget'; tid: number; id: Nid; key: number; nsems: number; flg: number }
  /** semop/semtimedop; `intr`: a restarted call that ends with EINTR if it would sleep (withdrawn-calls.ts). */
  | {
      t: 'semop';
      tid: number;
      id: Nid;
      semid: number;
      sops: [number, number, number][];
      timeout: [string, string] | null;
      intr: boolean;
    }
  /** semctl of a command that may change something (SETVAL, SETALL, IPC_SET, IPC_RMID). */
  | {
      t: 'semctl';
      tid: number;
      id: Nid;
      semid: number;
      semnum: number;
      cmd: number;
      arg: number | number[] | SemidDsSet | null;
    }
  /** A sleeper's sleep ended by a signal or a stop (EINTR). */
  | { t: 'intr'; tid: number }
  /**
   * Recorded while the entry before it is applied, each time a wake-up would complete a sleeper's
   * operation: whether the sleeper had already left at a fatal signal (then it ends with EINTR instead).
   * A replay of that entry takes these answers in order instead of asking again.
   */
  | { t: 'wake'; tid: number; gone: boolean }
  /** Timers due by now fire (semtimedop timeouts). */
  | { t: 'tick' }
  /** A virtual file opened for writing (opening /proc/<pid>/semundo to write gives the opener a list). */
  | { t: 'vopen'; tid: number; path: string; read: boolean }
  /** semundo undo adopt: the saved list of thread `old` (of a restored image) is taken by process `pid`. */
  | { t: 'adopt'; old: number; pid: number }
  /** One write into a virtual file. */
  | { t: 'vwrite'; tid: number; path: string; text: string };

/** An entry as recorded: its body and the clock it read. */
export type Entry = EntryBody & { m: number; r: number };

export const nidOf = (n: NotificationId): Nid => [n.idLo, n.idHi];
export const idOfNid = (nid: Nid): NotificationId => ({ idLo: nid[0], idHi: nid[1] });
