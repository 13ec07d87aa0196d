// Tasks coming and going on the real kernel: spawn, fork (plain, or sharing the undo list), thread,
// exec and exit, each made the way Linux makes it.
import { CAPABILITIES, ESRCH } from '../../abi/index.js';
import { toWireCred, type SignalMap } from '../../host/agent-protocol.js';
import { capMask } from '../../host/credentials.js';
import { threadCred, threadState } from '../../host/proc-task-state.js';
import type { ThreadCred } from '../../host/thread-credentials.js';
import type { Call, Outcome } from '../backend.js';
import type { RequestBody } from './agent-link.js';
import { errnoName, outcomeOf, request } from './host-request.js';
import type { HostScenario } from './host-scenario.js';
import { started } from './host-start.js';
import { checkProcDeath, processGone, type HostProc, type HostTask } from './host-world.js';

export const capBits = (names: readonly string[]): bigint => capMask(names.map((n) => CAPABILITIES[n]!));

const diedHow = (t: HostTask) => () => (t.proc.agent?.stderrTail ? `: ${t.proc.agent.stderrTail}` : '');

/** A fresh process in the scenario's namespace with the given credentials. */
export function spawn(s: HostScenario, c: Call & { op: 'spawn' }): Promise<Outcome> {
  const caps = c.caps && capBits(c.caps);
  const cred: ThreadCred = {
    uids: [c.uid, c.uid, c.uid],
    gids: [c.gid, c.gid, c.gid],
    groups: c.groups,
    ...(caps !== undefined && { caps: { effective: caps, permitted: caps, inheritable: 0n } }),
  };
  return adopt(s, c.task, s.nsPath, cred, {});
}

/** Takes a fresh agent and makes it the task: namespace, signal dispositions, then credentials. */
async function adopt(
  s: HostScenario,
  label: string,
  ns: string,
  cred: ThreadCred,
  signals: SignalMap,
): Promise<Outcome> {
  const agent = await s.env.pool.take();
  const link = await agent.ready;
  const proc: HostProc = {
    pid: link.pid,
    agent,
    signals: { ...signals },
    dead: false,
    inheritedList: false,
    stopping: false,
  };
  const t = s.add(label, proc, link);
  const r = await request(t, { op: 'assign', ns, cred: toWireCred(cred), signals }, { diedHow: diedHow(t) });
  if (!('ret' in r)) throw new Error(`host: could not set up task ${label}: ${JSON.stringify(r)}`);
  return { ret: 0 };
}

export async function clone(s: HostScenario, c: Call & { op: 'fork' | 'thread' }): Promise<Outcome> {
  const from = s.task(c.from);
  if (!s.alive(c.from)) return { errno: errnoName(ESRCH) };
  if (c.op === 'fork' && !c.sysvsem) {
    // A plain fork shares nothing with its parent but credentials, namespace and signal dispositions.
    const pc = threadCred(from.proc.pid, from.tid);
    if (!pc) return { errno: errnoName(ESRCH) };
    const cred: ThreadCred = {
      ...pc,
      caps: { effective: pc.capEff, permitted: pc.capPrm, inheritable: pc.capInh },
    };
    return adopt(s, c.task, `/proc/${from.proc.pid}/task/${from.tid}/ns/ipc`, cred, from.proc.signals);
  }
  const token = s.env.server.token();
  const hello = s.env.server.expect(token);
  const body: RequestBody =
    c.op === 'fork'
      ? { op: 'fork', token, signals: from.proc.signals }
      : { op: 'thread', token, sysvsem: c.sysvsem };
  const r = await request(from, body, { diedHow: diedHow(from) });
  if (!('ret' in r)) {
    s.env.server.forget(token);
    return r;
  }
  const child = c.op === 'fork' ? r.ret : null;
  const link = await started(s, c.task, token, hello, {
    // A thread is started by its process; a child process starts on its own.
    died: () => (child === null ? checkProcDeath(from.proc, s.tasks.values()) : processGone(child)),
    said: diedHow(from),
  });
  const proc: HostProc =
    c.op === 'fork'
      ? {
          pid: link.pid,
          agent: null,
          signals: { ...from.proc.signals },
          dead: false,
          inheritedList: true,
          stopping: false,
        }
      : from.proc;
  s.add(c.task, proc, link);
  return { ret: 0 };
}

/** Node's own threads hold a share of a list the process inherited: no task of it is its last holder. */
export function noteSharedList(s: HostScenario, t: HostTask): void {
  s.note(
    `task ${t.label} runs in a process that inherited its undo list (clone with CLONE_SYSVSEM, or exec): ` +
      "Node's own threads hold it too, so it is applied only when the whole process exits",
  );
}

/** exit_group for a process's main task, exit for a thread; returns once the kernel is done with it. */
export async function exit(s: HostScenario, t: HostTask): Promise<Outcome> {
  if (t.tid !== t.proc.pid && t.proc.inheritedList) noteSharedList(s, t);
  t.link.post({ op: 'exit' });
  if (t.tid === t.proc.pid) {
    await s.until(() => checkProcDeath(t.proc, s.tasks.values()), `process ${t.label} to exit`);
  } else {
    await s.until(() => threadState(t.proc.pid, t.tid) === null, `thread ${t.label} to exit`);
    t.alive = false;
  }
  return { ret: 0 };
}

/** execve: the task's process runs a new task agent; its other threads end; caught signals reset. */
export async function exec(s: HostScenario, t: HostTask): Promise<Outcome> {
  const signals: SignalMap = {};
  for (const [sig, a] of Object.entries(t.proc.signals)) if (a === 'ignore') signals[Number(sig)] = a;
  const token = s.env.server.token();
  const hello = s.env.server.expect(token);
  const replied = t.link.send({ op: 'exec', token, signals });
  const first = await s.within(
    Promise.race([replied.then((r) => ({ r })), hello.then((l) => ({ l }))]),
    `task ${t.label} to exec`,
  );
  if ('r' in first && first.r) {
    s.env.server.forget(token);
    return outcomeOf(first.r);
  }
  const link =
    'l' in first
      ? first.l
      : await started(s, t.label, token, hello, {
          died: () => checkProcDeath(t.proc, s.tasks.values()),
          said: diedHow(t),
        });
  for (const o of s.tasks.values()) {
    if (o.proc !== t.proc || o === t) continue;
    o.alive = false;
    o.link.close();
  }
  t.link.close();
  t.link = link;
  t.tid = link.tid;
  t.proc.signals = signals;
  t.proc.inheritedList = true;
  return { ret: 0 };
}
