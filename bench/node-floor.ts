// The speed limit of serving semop from Node on this machine, the node-floor baseline of run.semop: the
// host layer semundo's server is built on and nothing above it — RECV, a process_vm_readv of the sembufs,
// SEND with 0, on one thread with SYNC_WAKE_UP — with no model, no journal, no exits, no signals.
// Started by `c-supervisor handoff`, with the listener at fd 3; ends when the last filtered task has exited.
import { EINTR, SEMBUF_SIZE, SEMOPM } from '../src/abi/index.js';
import { Listener, argCount, argPtr } from '../src/host/seccomp-listener.js';
import { SYS_semop, SYS_semtimedop } from '../src/host/syscall-numbers.js';
import { TraceeMemory } from '../src/host/tracee-memory.js';

const listener = new Listener(3);
listener.syncWakeUp();
const mem = new TraceeMemory();
for (;;) {
  const n = listener.recv();
  if (typeof n === 'number') {
    if (n === -EINTR) continue;
    break;
  }
  if (n.nr === SYS_semop || n.nr === SYS_semtimedop)
    mem.read(n.tid, argPtr(n, 1), SEMBUF_SIZE * Math.min(argCount(n, 2), SEMOPM));
  listener.answer(n, 0);
}
