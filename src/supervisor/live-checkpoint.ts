// A checkpoint of a running session (the RFC's use of /proc/<pid>/semundo): one image of the model, taken
// between two notifications so it is one consistent state, with the real pids and what tells them apart.
import { checkpointBody, encodeImage, MAX_ARG, type SessionImage } from '../image/index.js';
import type { KernelState, Task } from '../kernel/index.js';
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

/** An argument as the image keeps it: at most MAX_ARG characters. */
const cut = (arg: string): string => (arg.length <= MAX_ARG ? arg : [...arg].slice(0, MAX_ARG).join(''));

/**
 * The image of every set, process and undo list of the session now, or the pid of the first process
 * whose undo list the caller may not read (`mayRead` of its leader; the image holds them all).
 */
export function liveCheckpoint(
  k: KernelState,
  command: string[],
  producer: string,
  mayRead: (leader: Task) => boolean,
): CheckpointResult | number {
  const t0 = process.hrtime.bigint();
  for (const p of k.processes.values()) {
    const lead = p.alive ? (p.leader ?? p.firstLiveThread()) : null;
    if (lead && !mayRead(lead)) return p.tgid;
  }
  const body = checkpointBody(k);
  const session: SessionImage = {
    takenAt: Math.floor(k.clock.realtimeSeconds()),
    command: command.map(cut),
    processes: body.processes.map((p) => {
      const id = processIdentity(p.pid);
      return id
        ? { pid: p.pid, ...id, cmdline: id.cmdline.map(cut) }
        : { pid: p.pid, ppid: 0, comm: '', cmdline: [], startTime: '0' };
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
