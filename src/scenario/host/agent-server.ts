// The unix socket every task agent connects to. It lives in a private directory that other users may
// enter, because agents that dropped root (and then executed again) must be able to connect back.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentHello, AgentReply } from '../../host/agent-protocol.js';
import { AgentLink } from './agent-link.js';

/** The most an agent's reply may hold (a read of a large /proc file fits many times over). */
const MAX_PENDING = 64 << 20;

function isHello(m: unknown): m is AgentHello {
  const h = m as AgentHello | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h.hello === 'string' &&
    Number.isInteger(h.pid) &&
    Number.isInteger(h.tid)
  );
}

export class AgentServer {
  private readonly waiting = new Map<string, (l: AgentLink) => void>();
  private readonly early = new Map<string, AgentLink>();
  private counter = 0;

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly path: string,
  ) {}

  static async start(): Promise<AgentServer> {
    const dir = mkdtempSync(join(tmpdir(), 'semundo-agents-'));
    chmodSync(dir, 0o755);
    const path = join(dir, 'runner.sock');
    let self: AgentServer | null = null;
    const server = createServer((sock) => self!.accept(sock));
    self = new AgentServer(server, dir, path);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    chmodSync(path, 0o777);
    server.unref();
    return self;
  }

  /** A token no agent has used. */
  token(): string {
    return `${++this.counter}-${randomBytes(12).toString('hex')}`;
  }

  /** The link of the agent that says hello with this token (now or later). */
  expect(token: string): Promise<AgentLink> {
    const l = this.early.get(token);
    if (l) {
      this.early.delete(token);
      return Promise.resolve(l);
    }
    return new Promise((resolve) => this.waiting.set(token, resolve));
  }

  /** Stops waiting for a token (its agent will not come). */
  forget(token: string): void {
    this.waiting.delete(token);
    this.early.get(token)?.close();
    this.early.delete(token);
  }

  private accept(sock: Socket): void {
    sock.setNoDelay(true);
    let pending = '';
    let link: AgentLink | null = null;
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      if (pending.length > MAX_PENDING) return sock.destroy();
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let msg: unknown;
        try {
          msg = JSON.parse(line);
        } catch {
          return sock.destroy();
        }
        if (link) link.receive(msg as AgentReply);
        else if (isHello(msg)) link = this.hello(sock, msg);
        else return sock.destroy();
      }
    });
  }

  private hello(sock: Socket, h: AgentHello): AgentLink {
    const link = new AgentLink(sock, h.pid, h.tid);
    const w = this.waiting.get(h.hello);
    if (w) {
      this.waiting.delete(h.hello);
      w(link);
    } else this.early.set(h.hello, link);
    return link;
  }

  close(): void {
    this.server.close();
    for (const l of this.early.values()) l.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
