// A session (`semundo run -- node agent-hub ...`) for one supervised scenario: agents started in it on
// request, and the supervisor's word on which of its threads sleep in semop.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ask, socketPath } from '../../session/index.js';
import { processGone } from '../host/host-world.js';
import type { AgentLink } from '../host/agent-link.js';
import type { AgentHandle } from '../host/agent-process.js';
import type { AgentServer } from '../host/agent-server.js';
import type { SleepProbe } from '../host/sleep-probe.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const HUB = fileURLToPath(new URL('./agent-hub.js', import.meta.url));
/** Agents asked for ahead of need, so that a spawn does not wait for Node to start. */
const AHEAD = 2;

/** An agent the hub started: the runner knows it by its link only. */
class HubAgent implements AgentHandle {
  private link: AgentLink | null = null;
  constructor(readonly ready: Promise<AgentLink>) {
    void ready.then((l) => (this.link = l));
    ready.catch(() => {});
  }
  get hasExited(): boolean {
    return this.link !== null && processGone(this.link.pid);
  }
  get stderrTail(): string {
    return '';
  }
  async kill(): Promise<void> {
    const l = this.link ?? (await this.ready);
    try {
      process.kill(l.pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 1000 && !processGone(l.pid); i++) await new Promise((r) => setTimeout(r, 2));
  }
  setKeepsRunnerAlive(keep: boolean): void {
    void this.ready.then((l) => (keep ? l.ref() : l.unref()));
  }
}

export class HubSession implements SleepProbe {
  private readonly ahead: HubAgent[] = [];
  private readonly sleeping = new Set<number>();
  readonly ended: Promise<number | null>;
  private path: string;

  private constructor(
    private readonly child: ChildProcess,
    private readonly server: AgentServer,
  ) {
    this.path = socketPath(process.geteuid?.() ?? 0, child.pid!);
    this.ended = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < AHEAD; i++) this.ahead.push(this.request());
  }

  /** Starts the session; it is up once its control socket answers. */
  static async start(script: string, server: AgentServer): Promise<HubSession> {
    const child = spawn(process.execPath, [MAIN, 'run', '--', process.execPath, HUB, script, server.path], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const s = new HubSession(child, server);
    for (let i = 0; ; i++) {
      const a = await ask(s.path, { op: 'ps' }, 1000);
      if (a.ok) return s;
      if (child.exitCode !== null || i > 500)
        throw new Error(`supervised: the session did not start (${a.error})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private request(): HubAgent {
    const token = this.server.token();
    const ready = this.server.expect(token);
    this.child.stdin!.write(`${token}\n`);
    return new HubAgent(ready);
  }

  /** A fresh agent (asked for earlier), and one more asked for. */
  take(): Promise<AgentHandle> {
    this.ahead.push(this.request());
    return Promise.resolve(this.ahead.shift()!);
  }

  async refresh(tids: readonly number[]): Promise<void> {
    this.sleeping.clear();
    if (tids.length === 0) return;
    const a = await ask<boolean[]>(this.path, { op: 'sleeping', tids: [...tids] });
    if (!a.ok) throw new Error(`supervised: the session did not say who sleeps: ${a.error}`);
    a.result.forEach((s, i) => s && this.sleeping.add(tids[i]!));
  }

  asleep(_pid: number, tid: number): boolean {
    return this.sleeping.has(tid);
  }

  /** Agents not taken are killed (by the hub, once its stdin ends); the session then ends by itself. */
  async close(): Promise<void> {
    this.child.stdin!.end();
    await Promise.race([this.ended, new Promise((r) => setTimeout(r, 15_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
