// The state of one scenario on the real kernel: its IPC namespace (held by a file descriptor), its
// processes and tasks, and the waits the host backend makes on them.
import { closeSync } from 'node:fs';
import { SIGKILL } from '../../abi/index.js';
import { createIpcNamespace } from '../../host/namespaces.js';
import { threadIds } from '../../host/proc-task-state.js';
import { reapIfDead } from '../../host/reaping.js';
import { kill } from '../../host/signals.js';
import type { AgentLink } from './agent-link.js';
import type { HostEnvironment } from './host-environment.js';
import { KERNEL_PROBE, type SleepProbe } from './sleep-probe.js';
import { STUCK_MS, checkProcDeath, pause, type HostProc, type HostTask } from './host-world.js';

export class HostScenario {
  readonly tasks = new Map<string, HostTask>();
  readonly procs = new Map<number, HostProc>();
  readonly notes: string[] = [];
  private nsFd: number;

  constructor(
    readonly env: HostEnvironment,
    readonly probe: SleepProbe = KERNEL_PROBE,
  ) {
    this.nsFd = createIpcNamespace();
  }

  /** A path other processes can open to join the scenario's namespace. */
  get nsPath(): string {
    return `/proc/${process.pid}/fd/${this.nsFd}`;
  }

  task(label: string): HostTask {
    const t = this.tasks.get(label);
    if (!t) throw new Error(`host: no task ${label}`);
    return t;
  }

  add(label: string, proc: HostProc, link: AgentLink): HostTask {
    this.procs.set(proc.pid, proc);
    const t: HostTask = { label, proc, tid: link.tid, link, alive: true, inflight: null, probe: this.probe };
    this.tasks.set(label, t);
    return t;
  }

  alive(label: string): boolean {
    const t = this.tasks.get(label);
    if (!t) return false;
    checkProcDeath(t.proc, this.tasks.values());
    return t.alive;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  async until(cond: () => boolean, what: string): Promise<void> {
    const start = Date.now();
    for (let round = 0; !cond(); round++) {
      if (Date.now() - start > STUCK_MS) throw new Error(`host: waited ${STUCK_MS} ms for ${what}`);
      await pause(round);
    }
  }

  async within<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`host: waited ${STUCK_MS} ms for ${what}`)), STUCK_MS);
    });
    try {
      return await Promise.race([p, stuck]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills every process of the scenario, whatever state it is in, and lets its namespace go. */
  async close(): Promise<void> {
    const procs = [...this.procs.values()];
    const clones = procs.filter((p) => !p.agent && !checkProcDeath(p, this.tasks.values()));
    for (const p of clones) kill(p.pid, SIGKILL);
    const agents = procs.map((p) => p.agent?.kill());
    try {
      await this.within(Promise.all(agents), 'task processes to die');
      // A clone child whose parent died before reaping it is the runner's (a subreaper's) to reap.
      await this.until(
        () => clones.every((p) => reapIfDead(p.pid) === p.pid || threadIds(p.pid).length === 0),
        'killed task processes to be reaped',
      );
    } finally {
      for (const t of this.tasks.values()) t.link.close();
      if (this.nsFd >= 0) closeSync(this.nsFd);
      this.nsFd = -1;
    }
  }
}
