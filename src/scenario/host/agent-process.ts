// A task agent process started by the runner: the child process, its link once it said hello, and
// the end of its stderr (shown when it dies unexpectedly). Every such process is killed when the
// runner exits, whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { agentArgs } from '../../host/agent-protocol.js';
import type { AgentLink } from './agent-link.js';
import type { AgentServer } from './agent-server.js';

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** What the runner needs of a task agent process, however it was started. */
export interface AgentHandle {
  readonly ready: Promise<AgentLink>;
  readonly hasExited: boolean;
  readonly stderrTail: string;
  kill(): Promise<void>;
  setKeepsRunnerAlive(keep: boolean): void;
}

export class AgentProcess implements AgentHandle {
  readonly child: ChildProcess;
  readonly ready: Promise<AgentLink>;
  readonly exited: Promise<void>;
  private tail = '';
  private done = false;

  /** Runs the task agent `script` (see agent-code.ts), which connects to `server`. */
  constructor(server: AgentServer, script: string) {
    const token = server.token();
    this.child = spawn(process.execPath, agentArgs(script, { socket: server.path, token }), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    live.add(this.child);
    this.child.stderr!.on('data', (d: Buffer) => (this.tail = (this.tail + d.toString('utf8')).slice(-2000)));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', () => {
        this.done = true;
        live.delete(this.child);
        resolve();
      }),
    );
    this.ready = Promise.race([
      server.expect(token),
      this.exited.then(() => {
        server.forget(token);
        throw new Error(`task agent exited before it connected: ${this.tail.trim() || '(no message)'}`);
      }),
    ]);
    this.ready.catch(() => {});
  }

  get pid(): number {
    return this.child.pid!;
  }

  get hasExited(): boolean {
    return this.done;
  }

  get stderrTail(): string {
    return this.tail.trim();
  }

  /** While idle in the pool, the agent does not keep the runner alive. */
  setKeepsRunnerAlive(keep: boolean): void {
    const f = keep ? 'ref' : 'unref';
    this.child[f]();
    (this.child.stderr as Socket | null)?.[f]();
    void this.ready.then(
      (l) => l[f](),
      () => {},
    );
  }

  kill(): Promise<void> {
    if (!this.done) this.child.kill('SIGKILL');
    return this.exited;
  }
}
