// Whether a task's thread sleeps in semop: on the real kernel /proc says so; in a session the supervisor
// does (its sleepers wait in a seccomp notification, which /proc cannot tell apart from a call being served).
import { sleepsInSemop } from '../../host/proc-task-state.js';

export interface SleepProbe {
  /** Brings what `asleep` answers up to date (before a round of checks). */
  refresh(tids: readonly number[]): Promise<void>;
  asleep(pid: number, tid: number): boolean;
}

/** The real kernel's: /proc/<pid>/task/<tid>/stat and syscall. */
export const KERNEL_PROBE: SleepProbe = {
  refresh: () => Promise.resolve(),
  asleep: sleepsInSemop,
};
