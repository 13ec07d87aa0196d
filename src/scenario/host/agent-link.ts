// The runner's end of one task agent's connection: requests go out one at a time, replies come back
// in order; a connection that closes leaves its pending request unanswered for ever (null).
import type { Socket } from 'node:net';
import type { AgentReply, AgentRequest } from '../../host/agent-protocol.js';

/** Distributive Omit: keeps each variant of the union. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type RequestBody = WithoutId<AgentRequest>;

export class AgentLink {
  private nextId = 1;
  private readonly waiting: Array<(r: AgentReply | null) => void> = [];
  private closedFlag = false;

  constructor(
    private readonly sock: Socket,
    readonly pid: number,
    readonly tid: number,
  ) {
    sock.on('close', () => {
      this.closedFlag = true;
      for (const w of this.waiting.splice(0)) w(null);
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Called by the server for each line after the hello. */
  receive(reply: AgentReply): void {
    this.waiting.shift()?.(reply);
  }

  /** Sends a request; resolves with its reply, or null if the connection closes first. */
  send(body: RequestBody): Promise<AgentReply | null> {
    if (this.closedFlag) return Promise.resolve(null);
    const req = { ...body, id: this.nextId++ } as AgentRequest;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.sock.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Sends a request whose reply, if any, nobody waits for (exit). */
  post(body: RequestBody): void {
    void this.send(body);
  }

  close(): void {
    this.sock.destroy();
  }

  unref(): void {
    this.sock.unref();
  }

  ref(): void {
    this.sock.ref();
  }
}
