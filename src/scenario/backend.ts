// What a backend (the model, or the real kernel) is given and gives back: one resolved call at a time.
import type { Sembuf, SemidDsSet, Timespec } from '../abi/index.js';
import type { SignalAction } from './scenario-types.js';

export type BackendName = 'model' | 'host' | 'supervised';

/** A call with every value resolved to a number or a string. */
export type Call =
  | { op: 'spawn'; task: string; uid: number; gid: number; groups: number[]; caps?: string[] }
  | { op: 'fork'; task: string; from: string; sysvsem: boolean }
  | { op: 'thread'; task: string; from: string; sysvsem: boolean }
  | {
      op: 'setcred';
      task: string;
      uid?: number;
      gid?: number;
      euid?: number;
      egid?: number;
      groups?: number[];
      caps?: string[];
    }
  | { op: 'semget'; task: string; key: number; nsems: number; flags: number }
  | { op: 'semop'; task: string; semid: number; sops: Sembuf[] }
  | {
      op: 'semtimedop';
      task: string;
      semid: number;
      sops: Sembuf[];
      /** timeout_ns as a count of nanoseconds (negative: an invalid timespec), or timeout as a timespec. */
      timeout: bigint | Timespec | null;
      /** Set when the timeout is under 200 ms (or invalid): the call is waited for, never reported blocked. */
      shortNs: bigint | null;
    }
  | {
      op: 'semctl';
      task: string;
      semid: number;
      semnum: number;
      cmd: number;
      arg?: number | number[] | SemidDsSet;
    }
  | { op: 'unshare'; task: string; flags: number }
  | { op: 'sigaction'; task: string; sig: number; action: SignalAction }
  | { op: 'kill'; task: string; sig: number }
  | { op: 'exit'; task: string }
  | { op: 'exec'; task: string }
  | { op: 'read'; task: string; path: string; chunk?: number }
  | { op: 'write'; task: string; path: string; data: string };

/** How a blocked call finally ended. */
export type Ended = { ret: number } | { errno: string };

/**
 * What a call gave at once. `value` carries what the call wrote back: the structure of IPC_STAT /
 * SEM_STAT / SEM_STAT_ANY, the seminfo of IPC_INFO / SEM_INFO, GETALL's array, the text of a read.
 */
export type Outcome = { ret: number; value?: unknown } | { errno: string } | { blocked: true };

export interface Backend {
  readonly name: BackendName;
  /** Makes the scenario's fresh IPC namespace (and whatever else a run needs). */
  begin(): Promise<void>;
  /**
   * Makes one call; resolves with its result, or with {blocked: true} once the call sleeps in the
   * kernel, in which case `onEnd` is told later how it ended (never, if the task is killed).
   */
  call(c: Call, onEnd: (e: Ended) => void): Promise<Outcome>;
  /** Lets `ms` pass, then waits until every task that can run has run (blocked calls stay blocked). */
  settle(ms: number): Promise<void>;
  /** A task's pid (its process id) and thread id, once it exists. */
  pid(task: string): number | undefined;
  tid(task: string): number | undefined;
  /** False once the task has exited or was killed. */
  alive(task: string): boolean;
  /** True while the task's process is stopped (SIGSTOP): it can make no call until SIGCONT. */
  stopped(task: string): boolean;
  /** Ends every task of the scenario. */
  close(): Promise<void>;
  /** What the backend could not do exactly as Linux would, said once each. */
  readonly notes: readonly string[];
}
