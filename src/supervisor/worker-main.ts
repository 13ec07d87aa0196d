// The serving thread of `semundo run`: takes the listener from the launcher, serves, reports the end.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { eventFd } from '../host/eventfd.js';
import { recvFd } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { Session } from './serve-loop.js';
import { setDisposition } from '../host/signals.js';
import { gettid } from '../host/task-exit.js';
import { SIGURG } from '../abi/index.js';

export interface WorkerInput {
  /** Our end of the launch socket. */
  sock: number;
  launcherPid: number;
  virtualFiles: boolean;
  reservedFd: number | null;
  /** Where control requests arrive (transferred). */
  port: MessagePort;
  /** Set (to 1) by the main thread when a control request waits; shared. */
  flag: Int32Array;
}

export type WorkerReport =
  { kind: 'started'; wakeFd: number; tid: number } | { kind: 'ended' } | { kind: 'failed'; message: string };

function report(r: WorkerReport): void {
  parentPort!.postMessage(r);
}

function main(input: WorkerInput): void {
  const got = recvFd(input.sock, 256);
  closeFd(input.sock);
  if (typeof got === 'number')
    return report({ kind: 'failed', message: `recvmsg failed with errno ${-got}` });
  if (got.fd < 0)
    return report({ kind: 'failed', message: got.data.toString() || 'the launcher ended early' });
  const wakeFd = eventFd();
  const session = new Session({
    listenerFd: got.fd,
    firstTid: input.launcherPid,
    virtualFiles: input.virtualFiles,
    reservedFd: input.reservedFd,
    control: { port: input.port, wakeFd, flag: input.flag },
  });
  // A control request interrupts a RECV with SIGURG, whose handler does nothing (and restarts nothing).
  setDisposition(SIGURG, 'catch', false);
  report({ kind: 'started', wakeFd, tid: gettid() });
  session.run();
  report({ kind: 'ended' });
}

parentPort!.once('message', (input: WorkerInput) => main(input));
