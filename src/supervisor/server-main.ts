// A session's server: a process of its own that the keeper (`semundo run`) restarts when it dies. It takes
// the session's descriptors from fd 3, serves notifications on its serving thread and control requests
// here, and exits when the session has ended.
import { writeSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { recvFds } from '../host/fd-passing.js';
import { ControlServer } from './control-server.js';
import {
  BUNDLE_FDS,
  SERVER_ENDED,
  SERVER_ENDED_SAVE_FAILED,
  SERVER_FAILED,
  SERVER_READY,
  type BundleConfig,
  type BundleFd,
} from './server-bundle.js';
import { servingThread } from './serving-thread.js';
import type { WorkerInput, WorkerReport } from './worker-main.js';

const CHANNEL = 3;

// The terminal's signals reach the whole foreground group: they are for the command, not for us.
for (const sig of ['SIGINT', 'SIGQUIT', 'SIGHUP'] as const) process.on(sig, () => {});

const worker = servingThread();

function fail(message: string): never {
  writeSync(2, `semundo run: ${message}\n`);
  process.exit(SERVER_FAILED);
}

async function main(): Promise<void> {
  const got = recvFds(CHANNEL, 1 << 16, BUNDLE_FDS.length);
  // The keeper went away before it needed us (a spare server of a session that has ended).
  if (typeof got === 'number' || got.data.length === 0) process.exit(SERVER_ENDED);
  const config = JSON.parse(got.data.toString('utf8')) as BundleConfig;
  const fd = (name: BundleFd): number => {
    const i = config.fds.indexOf(name);
    return i < 0 ? -1 : (got.fds[i] ?? -1);
  };
  const channel = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = {
    listenerFd: fd('listener'),
    journalFds: config.journal ? [fd('journal'), fd('snapshotA'), fd('snapshotB')] : null,
    restoreFd: fd('restore'),
    config,
    port: channel.port2,
    flag,
  };
  worker.postMessage(input, [channel.port2]);
  let control: ControlServer | null = null;
  const ended = await new Promise<WorkerReport>((resolve) => {
    worker.on('message', (m: WorkerReport) => {
      if (m.kind !== 'started') return resolve(m);
      writeSync(CHANNEL, Buffer.from([SERVER_READY]));
      if (fd('control') < 0) return;
      try {
        control = ControlServer.fromFd(fd('control'), config.info, config.restarts, {
          port: channel.port1,
          wakeFd: m.wakeFd,
          flag,
          tid: m.tid,
        });
      } catch (e) {
        writeSync(2, `semundo run: no control socket: ${(e as Error).message}\n`);
      }
    });
    worker.on('error', (e) => {
      // An error of the serving thread ends this server; the keeper starts another from the journal.
      writeSync(2, `semundo run: server ${process.pid} failed: ${e.stack ?? e.message}\n`);
      process.exit(1);
    });
  });
  (control as ControlServer | null)?.close();
  if (ended.kind === 'failed') fail(ended.message);
  if (ended.kind === 'ended' && ended.saveError) {
    writeSync(2, `semundo run: ${ended.saveError}\n`);
    process.exit(SERVER_ENDED_SAVE_FAILED);
  }
  process.exit(SERVER_ENDED);
}

void main();
