// The host backend: each task of the scenario is a real process (a task agent) or a thread of one, in
// an IPC namespace made for the scenario; calls are made by the kernel, blocking is read from /proc.
import { CLONE_NEWIPC, CLONE_SYSVSEM, ESRCH, SIGCONT, SIGSTOP } from '../../abi/index.js';
import { threadState } from '../../host/proc-task-state.js';
import { kill } from '../../host/signals.js';
import type { Backend, BackendName, Call, Ended, Outcome } from '../backend.js';
import { timespecOf } from '../resolve.js';
import { hostEnvironment } from './host-environment.js';
import { capBits, clone, exec, exit, noteSharedList, spawn } from './host-lifecycle.js';
import { errnoName, request } from './host-request.js';
import { HostScenario } from './host-scenario.js';
import { unsettled } from './host-settle.js';
import { STUCK_MS, pause } from './host-world.js';

export class HostBackend implements Backend {
  readonly name: BackendName = 'host';
  protected s: HostScenario | null = null;

  private get sc(): HostScenario {
    if (!this.s) throw new Error('host: begin() was not called');
    return this.s;
  }

  get notes(): readonly string[] {
    return this.s?.notes ?? [];
  }

  async begin(): Promise<void> {
    this.s = new HostScenario(await hostEnvironment());
  }

  pid(task: string): number | undefined {
    return this.s?.tasks.get(task)?.proc.pid;
  }

  tid(task: string): number | undefined {
    return this.s?.tasks.get(task)?.tid;
  }

  alive(task: string): boolean {
    return this.s?.alive(task) ?? false;
  }

  stopped(task: string): boolean {
    const t = this.s?.tasks.get(task);
    return !!t && t.alive && threadState(t.proc.pid, t.tid) === 'T';
  }

  async settle(ms: number): Promise<void> {
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const start = Date.now();
    for (let round = 0; ; round++) {
      const tasks = [...this.sc.tasks.values()];
      await this.sc.probe.refresh(tasks.filter((t) => t.inflight).map((t) => t.tid));
      const what = unsettled(this.sc.procs.values(), tasks, this.sc.probe);
      if (what === null) return;
      if (Date.now() - start > STUCK_MS)
        throw new Error(`host: the kernel did not settle in ${STUCK_MS} ms: ${what}`);
      await pause(round);
    }
  }

  async close(): Promise<void> {
    await this.s?.close();
  }

  async call(c: Call, onEnd: (e: Ended) => void): Promise<Outcome> {
    const s = this.sc;
    switch (c.op) {
      case 'spawn':
        return spawn(s, c);
      case 'fork':
      case 'thread':
        return clone(s, c);
      case 'kill': {
        // Sent from outside, as kill(pid, sig) by a privileged process.
        const proc = s.task(c.task).proc;
        const r = kill(proc.pid, c.sig);
        if (r < 0) return { errno: errnoName(-r) };
        if (c.sig === SIGSTOP) proc.stopping = true;
        if (c.sig === SIGCONT) proc.stopping = false;
        return { ret: 0 };
      }
    }
    const t = s.task(c.task);
    if (!s.alive(c.task)) return c.op === 'exit' ? { ret: 0 } : { errno: errnoName(ESRCH) };
    switch (c.op) {
      case 'exit':
        return exit(s, t);
      case 'exec':
        return exec(s, t);
      case 'setcred': {
        const { op: _op, task: _task, caps, ...ids } = c;
        return request(t, { op: 'setcred', ...ids, ...(caps && { caps: capBits(caps).toString(16) }) });
      }
      case 'sigaction': {
        const o = await request(t, { op: 'sigaction', sig: c.sig, action: c.action });
        if ('ret' in o) t.proc.signals[c.sig] = c.action;
        return o;
      }
      case 'semop':
        return request(t, { op: 'semop', semid: c.semid, sops: c.sops }, { sleepable: true, onEnd });
      case 'semtimedop': {
        const ts = c.timeout === null ? null : timespecOf(c.timeout);
        return request(
          t,
          {
            op: 'semtimedop',
            semid: c.semid,
            sops: c.sops,
            timeout: ts && [Number(ts.tv_sec), Number(ts.tv_nsec)],
          },
          { sleepable: c.shortNs === null, timeoutNs: ts && ts.tv_sec * 1_000_000_000n + ts.tv_nsec, onEnd },
        );
      }
      case 'semget':
        return request(t, { op: 'semget', key: c.key, nsems: c.nsems, semflg: c.flags });
      case 'semctl':
        return request(t, { op: 'semctl', semid: c.semid, semnum: c.semnum, cmd: c.cmd, arg: c.arg ?? null });
      case 'unshare':
        if (t.proc.inheritedList && c.flags & (CLONE_SYSVSEM | CLONE_NEWIPC)) noteSharedList(s, t);
        return request(t, { op: 'unshare', flags: c.flags });
      case 'read':
        return request(t, { op: 'read', path: c.path, ...(c.chunk && { chunk: c.chunk }) });
      case 'write':
        return request(t, { op: 'write', path: c.path, data: c.data });
    }
  }
}
