// A checkpoint of a running session (the RFC's use of /proc/<pid>/semundo): one image of the model, taken
// between two notifications so it is one consistent state, with the real pids and what tells them apart.
import { checkpointBody, encodeImage, MAX_ARG, type SessionImage } from '../image/index.js';
import type { KernelState } from '../kernel/index.js';
import { processIdentity } from '../host/proc-identity.js';

export interface CheckpointResult {
  /** The image file's text. */
  text: string;
  /** How long taking and encoding it held the serving thread, in milliseconds. */
  ms: number;
  sets: number;
  processes: number;
  undoLists: number;
  sleepers: number;
}

/**
 * The image of every set, process and undo list of the session now. `mayRead(pid)` says whether the
 * caller may read a process's undo list; the image holds them all, so each process must pass.
 */
export function liveCheckpoint(
  k: KernelState,
  command: string[],
  producer: string,
  mayRead: (pid: number) => string | null,
): CheckpointResult | string {
  const t0 = process.hrtime.bigint();
  const body = checkpointBody(k);
  for (const p of body.processes) {
    const refused = mayRead(p.pid);
    if (refused) return refused;
  }
  const session: SessionImage = {
    takenAt: Math.floor(k.clock.realtimeSeconds()),
    command: command.map((a) => [...a].slice(0, MAX_ARG).join('')),
    processes: body.processes.map((p) => {
      const id = processIdentity(p.pid, MAX_ARG);
      return { pid: p.pid, ...(id ?? { ppid: 0, comm: '', cmdline: [], startTime: '0' }) };
    }),
  };
  body.session = session;
  const text = encodeImage(body, producer);
  let sleepers = 0;
  for (const p of body.processes) for (const t of p.threads) if (t.call?.state === 'sleeping') sleepers++;
  return {
    text,
    ms: Number(process.hrtime.bigint() - t0) / 1e6,
    sets: body.namespaces.reduce((n, ns) => n + ns.sets.length, 0),
    processes: body.processes.length,
    undoLists: body.undoLists.length,
    sleepers,
  };
}
