// Task agent processes started ahead of need, so that a scenario's spawn does not wait for Node to
// start. Each agent serves one task of one scenario and is then killed: nothing is reused.
import { AgentProcess } from './agent-process.js';
import type { AgentServer } from './agent-server.js';

export class AgentPool {
  private readonly idle: AgentProcess[] = [];
  private closed = false;

  constructor(
    private readonly server: AgentServer,
    private readonly script: string,
    private readonly size: number,
  ) {
    this.fill();
  }

  private fill(): void {
    while (!this.closed && this.idle.length < this.size) {
      const a = new AgentProcess(this.server, this.script);
      a.setKeepsRunnerAlive(false);
      this.idle.push(a);
    }
  }

  /** A fresh agent that has connected (it has not yet joined any namespace or changed credentials). */
  async take(): Promise<AgentProcess> {
    const a = this.idle.shift() ?? new AgentProcess(this.server, this.script);
    this.fill();
    a.setKeepsRunnerAlive(true);
    try {
      await a.ready;
      return a;
    } catch (e) {
      if (this.closed) throw e;
      // An agent that died before connecting is dropped, and one more is tried.
      const b = new AgentProcess(this.server, this.script);
      await b.ready;
      return b;
    }
  }

  close(): void {
    this.closed = true;
    for (const a of this.idle.splice(0)) void a.kill();
  }
}
