// One call sent to a task agent's thread: it is answered, or (semop/semtimedop) the kernel shows the
// thread asleep in it, in which case the answer, when it comes, is how the blocked call ended.
import { ERRNO_NAMES } from '../../abi/index.js';
import type { AgentReply } from '../../host/agent-protocol.js';
import type { Ended, Outcome } from '../backend.js';
import type { RequestBody } from './agent-link.js';
import { callSettled } from './host-settle.js';
import { STUCK_MS, nowNs, pause, type HostTask, type InFlight } from './host-world.js';

export const errnoName = (n: number): string => ERRNO_NAMES[n] ?? `E${n}`;

export function outcomeOf(r: AgentReply): Outcome {
  if ('errno' in r) return { errno: errnoName(r.errno) };
  if ('fault' in r) throw new Error(`task agent failed: ${r.fault}`);
  return r.value === undefined ? { ret: r.ret } : { ret: r.ret, value: r.value };
}

export interface RequestOptions {
  /** semop/semtimedop that may be reported blocked (else the answer is waited for). */
  sleepable?: boolean;
  /** For semtimedop with a timeout: how long it may sleep. */
  timeoutNs?: bigint | null;
  onEnd?: (e: Ended) => void;
  /** Said when the task's thread dies before answering. */
  diedHow?: () => string;
}

export async function request(t: HostTask, body: RequestBody, opts: RequestOptions = {}): Promise<Outcome> {
  const sent = nowNs();
  const f: InFlight = {
    sentNs: sent,
    mustAnswer: !opts.sleepable,
    deadlineNs: opts.timeoutNs == null ? null : sent + opts.timeoutNs,
    reply: undefined,
  };
  t.inflight = f;
  let reported = false;
  void t.link.send(body).then((r) => {
    f.reply = r;
    if (t.inflight === f) t.inflight = null;
    if (reported && r) {
      const o = outcomeOf(r);
      if (!('blocked' in o)) opts.onEnd?.('errno' in o ? o : { ret: o.ret });
    }
  });
  const start = Date.now();
  for (let round = 0; ; round++) {
    if (f.reply === null)
      throw new Error(`host: task ${t.label} died during its call${opts.diedHow?.() ?? ''}`);
    if (f.reply !== undefined) return outcomeOf(f.reply);
    if (!f.mustAnswer) await t.probe.refresh([t.tid]);
    if (f.reply !== undefined) continue;
    if (!f.mustAnswer && callSettled(t, t.probe)) {
      reported = true;
      return { blocked: true };
    }
    if (Date.now() - start > STUCK_MS)
      throw new Error(`host: task ${t.label} did not answer in ${STUCK_MS} ms`);
    await pause(round);
  }
}
