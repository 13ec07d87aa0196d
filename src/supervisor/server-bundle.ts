// What the keeper hands each server of a session over the server's fd 3: the descriptors that outlive
// servers (SCM_RIGHTS) and the session's settings (JSON).
import type { SessionInfo } from './control-server.js';

/** The descriptors a server may be given. */
export const BUNDLE_FDS = ['listener', 'control', 'journal', 'snapshotA', 'snapshotB', 'restore'] as const;
export type BundleFd = (typeof BUNDLE_FDS)[number];

export interface BundleConfig {
  launcherPid: number;
  virtualFiles: boolean;
  reservedFd: number | null;
  /** --save: written by the server that sees the session end. */
  save: { path: string; producer: string } | null;
  /** The session's CLOCK_MONOTONIC origin (process.hrtime.bigint(), decimal). */
  clockOrigin: string;
  producer: string;
  /** Whether changes are journaled (with the journal and snapshot descriptors). */
  journal: boolean;
  /** SEMUNDO_FAULTS of the keeper, for the fault-injection tests. */
  faults: string;
  /** SEMUNDO_SNAPSHOT_AFTER: the journal's length (bytes) that calls for a snapshot, if not the default. */
  snapshotAfter: number | null;
  info: SessionInfo;
  /** How many servers died before this one. */
  restarts: number;
  /** The descriptors sent with the message, in order. */
  fds: BundleFd[];
}

/** Exit codes of a server: the session ended (its image saved, or not), or it could not start. */
export const SERVER_ENDED = 0;
export const SERVER_ENDED_SAVE_FAILED = 3;
export const SERVER_FAILED = 4;
/** The byte a server writes on fd 3 once it serves (a restarted one: once it has recovered). */
export const SERVER_READY = 0x52;
