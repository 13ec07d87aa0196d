// kernel/signal.c: whether a signal pending for a thread would end its sleep in semop (signal_pending:
// a caught signal, or a stop) — read from /proc, since a killable wait does not wake for it.
import type { ThreadStatus } from '../host/proc-status.js';

const SIGSTOP = 19;
const SIGTSTP = 20;
const SIGTTIN = 21;
const SIGTTOU = 22;

const bit = (sig: number): bigint => 1n << BigInt(sig - 1);
const STOP_SIGNALS = bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

/** The pending signals (of `pending`) that would interrupt the thread: caught ones, SIGSTOP, default stops. */
export function interruptingSignals(st: ThreadStatus, pending: bigint): bigint {
  const live = pending & ~st.sigBlk;
  if (live === 0n) return 0n;
  const defaultStops = STOP_SIGNALS & ~st.sigCgt & ~st.sigIgn;
  return live & (st.sigCgt | bit(SIGSTOP) | defaultStops);
}
