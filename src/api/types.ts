// The public shapes of semundo's API (see DESIGN.md, "Public API").
import type { SemLimits, Sembuf, SemidDs, SemidDsSet, Seminfo, Timespec, CapName } from '../abi/index.js';
import type { Clock } from '../lib/index.js';

export type { SemLimits, Sembuf, SemidDs, SemidDsSet, Seminfo, Timespec, CapName };

export interface KernelOptions {
  /** Limits of the initial IPC namespace (defaults: 32000 1024000000 500 32000). */
  limits?: Partial<SemLimits>;
  /** Time source; defaults to the machine's clocks. Pass a ManualClock for deterministic runs. */
  clock?: Clock;
}

export interface Credentials {
  uid?: number;
  gid?: number;
  euid?: number;
  egid?: number;
  groups?: number[];
  /** Effective (and permitted) capabilities; default: all for euid 0, none otherwise. */
  caps?: CapName[];
}

export type SignalAction = 'catch' | 'ignore' | 'default';

/** The argument of semctl: a value (SETVAL), values (SETALL) or {uid, gid, mode} (IPC_SET). */
export type SemctlArg = number | number[] | SemidDsSet | undefined;
