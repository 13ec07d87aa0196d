// The serving thread of `semundo run`: takes the listener from the launcher, serves, reports the end.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { eventFd } from '../host/eventfd.js';
import { recvFd } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { Session } from './serve-loop.js';

export interface WorkerInput {
  /** Our end of the launch socket. */
  sock: number;
  launcherPid: number;
  virtualFiles: boolean;
  reservedFd: number | null;
  /** Where control requests arrive (transferred). */
  port: MessagePort;
}

export type WorkerReport =
  { kind: 'started'; wakeFd: number } | { kind: 'ended' } | { kind: 'failed'; message: string };

function report(r: WorkerReport): void {
  parentPort!.postMessage(r);
}

function main(): void {
  const input = workerData as WorkerInput;
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
    control: { port: input.port, wakeFd },
  });
  report({ kind: 'started', wakeFd });
  session.run();
  report({ kind: 'ended' });
}

main();
