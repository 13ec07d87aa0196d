// A task process's signal dispositions: each signal a scenario may use is set explicitly, because
// Node changes some at startup (SIGPIPE ignored, SIGUSR1 caught for its inspector).
import { SIGNALS, isUncatchable } from '../abi/index.js';
import type { SignalMap } from './agent-protocol.js';
import { installDisposition } from './signals.js';

/** Installs `map`, and the default for every other signal of the ABI's list; returns 0 or the first -errno. */
export function applySignalMap(map: SignalMap): number {
  const sigs = new Set([...Object.values(SIGNALS), ...Object.keys(map).map(Number)]);
  for (const sig of sigs) {
    if (isUncatchable(sig)) continue;
    const r = installDisposition(sig, map[sig] ?? 'default');
    if (r < 0) return r;
  }
  return 0;
}
