// The control socket of a running session (main thread): only its owner and root can connect; each
// request line is checked, forwarded to the serving thread, and answered with one line.
import { lstatSync, mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { MessagePort } from 'node:worker_threads';
import { signalEventFd } from '../host/eventfd.js';
import { peerCred } from '../host/peer-cred.js';
import { tgkill } from '../host/signals.js';
import { SIGURG } from '../abi/index.js';
import { readThreadStatus } from '../host/proc-status.js';
import {
  MAX_REQUEST_BYTES,
  parseRequest,
  type Answer,
  type Caller,
  type Request,
} from './control-protocol.js';
import { sessionDir } from './runtime-dir.js';

/** The serving thread, as the control server reaches it. */
export interface ServingThread {
  port: MessagePort;
  /** Its eventfd (in its epoll) and the flag a waiting request sets. */
  wakeFd: number;
  flag: Int32Array;
  /** Its thread id, for the signal that interrupts a RECV. */
  tid: number;
}

export interface SessionInfo {
  pid: number;
  command: string[];
  owner: number;
  startedAt: number;
}

/** The session's directory, made 0700 if missing; refused when someone else owns it or others can enter it. */
export function ownDir(uid: number): string {
  const dir = sessionDir(uid);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0)
    throw new Error(`${dir} must be a directory of uid ${uid} that only it can enter (mode 0700)`);
  return dir;
}

function callerOf(sock: Socket): Caller | string {
  const fd = (sock as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number') return 'no peer credentials';
  const pc = peerCred(fd);
  if (typeof pc === 'number') return 'no peer credentials';
  const st = readThreadStatus(pc.pid);
  if (typeof st === 'number') return 'the caller has gone';
  return { pid: pc.pid, uids: st.uids, gids: st.gids, groups: st.groups, capEff: st.capEff.toString(16) };
}

export class ControlServer {
  private readonly pending = new Map<number, (a: Answer) => void>();
  private nextId = 1;
  private closed = false;

  private readonly port: MessagePort;

  private constructor(
    private readonly server: Server,
    private readonly info: SessionInfo,
    private readonly restarts: number,
    private readonly worker: ServingThread,
  ) {
    const port = (this.port = worker.port);
    port.on('message', (m: { id: number; answer: Answer }) => {
      this.pending.get(m.id)?.(m.answer);
      this.pending.delete(m.id);
    });
    port.unref();
  }

  /** Serves the socket the keeper listens on (it made it, and removes it when the session ends). */
  static fromFd(fd: number, info: SessionInfo, restarts: number, worker: ServingThread): ControlServer {
    const server = createServer();
    server.listen({ fd });
    server.unref();
    const cs = new ControlServer(server, info, restarts, worker);
    server.on('connection', (sock) => cs.serve(sock));
    return cs;
  }

  private serve(sock: Socket): void {
    // A client may be gone before it is answered (semundo ps probes sockets by connecting and closing):
    // the write fails with EPIPE, which must end that connection only.
    sock.on('error', () => sock.destroy());
    const caller = callerOf(sock);
    const send = (a: Answer): boolean => sock.write(JSON.stringify(a) + '\n');
    if (typeof caller === 'string' || (caller.uids[1] !== this.info.owner && caller.uids[1] !== 0)) {
      send({
        ok: false,
        error: typeof caller === 'string' ? caller : 'only the session owner and root may ask',
      });
      sock.end();
      return;
    }
    let buf = '';
    let queue = Promise.resolve();
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.length > MAX_REQUEST_BYTES && !buf.slice(0, MAX_REQUEST_BYTES).includes('\n')) {
        send({ ok: false, error: `a request line is at most ${MAX_REQUEST_BYTES} bytes` });
        sock.end();
        buf = '';
        return;
      }
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const req = parseRequest(line);
        queue = queue.then(async () => {
          send(
            typeof req === 'string'
              ? { ok: false, error: `bad request: ${req}` }
              : await this.ask(req, caller),
          );
        });
      }
    });
  }

  /** Forwards a request to the serving thread; ps gets the session's own facts added. */
  private async ask(req: Request, caller: Caller): Promise<Answer> {
    if (this.closed) return { ok: false, error: 'the session has ended' };
    const id = this.nextId++;
    const w = this.worker;
    const answer = await new Promise<Answer>((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage({ id, req, caller });
      signalEventFd(w.wakeFd);
      // The serving thread may be waiting in RECV instead of epoll: a signal ends that wait (the thread
      // lets SIGURG in only there). It is sent again until the thread has seen the request (it may have
      // been on its way into RECV when the first came).
      Atomics.store(w.flag, 0, 1);
      const nudge = (): void => void tgkill(process.pid, w.tid, SIGURG);
      nudge();
      const again = setInterval(() => (Atomics.load(w.flag, 0) ? nudge() : clearInterval(again)), 2);
    });
    if (req.op === 'ps' && answer.ok)
      return {
        ok: true,
        result: {
          session: { ...this.info, keeper: this.info.pid, server: process.pid, restarts: this.restarts },
          processes: answer.result,
        },
      };
    return answer;
  }

  close(): void {
    this.closed = true;
    for (const resolve of this.pending.values()) resolve({ ok: false, error: 'the session has ended' });
    this.pending.clear();
    this.server.close();
  }
}
