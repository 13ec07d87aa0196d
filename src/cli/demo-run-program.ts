// The program `semundo demo` runs under `semundo run`: real processes (node, through libc's semget, semop
// and semctl) that take a pool's slots with SEM_UNDO, read /proc/<pid>/semundo, and one of them is killed.
// `hold ID`: takes a slot, says so, and waits to be killed. Without arguments: the director, which
// prints lines for the demo to relay, says "ready PID" and waits for a line on stdin before the kill.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GETNCNT, GETPID, IPC_PRIVATE, IPC_RMID, SEM_UNDO, SETVAL } from '../abi/index.js';
import { semctl } from '../host/semctl.js';
import { semget, semop } from '../host/sem-syscalls.js';
import { check, nextLine, readyChild, say, value, waitForKill } from './demo-program-parts.js';

function hold(id: number): void {
  check('semop', semop(id, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]));
  say('holding');
  waitForKill();
}

/** A child holding a slot, once it says it holds it. */
const holder = (id: number) => readyChild(fileURLToPath(import.meta.url), ['hold', String(id)]);

async function direct(): Promise<void> {
  const id = check('semget', semget(IPC_PRIVATE, 1, 0o600));
  check('SETVAL', semctl(id, 0, SETVAL, 2).ret);
  say(`pid ${process.pid} makes set ${id}: a pool of 2 slots (value ${value(id)})`);
  const ca = await holder(id);
  const cb = await holder(id);
  const [a, b] = [ca.pid!, cb.pid!];
  say(`pids ${a} and ${b} each take a slot with semop(-1, SEM_UNDO): value ${value(id)}`);
  say(`cat /proc/${a}/semundo — what pid ${a}'s exit will give back (semid nsems semadj...):`);
  for (const l of readFileSync(`/proc/${a}/semundo`, 'utf8').trimEnd().split('\n')) say(`  ${l}`);
  say('/proc/sysvipc/sem, as ipcs reads it:');
  for (const l of readFileSync('/proc/sysvipc/sem', 'utf8').trimEnd().split('\n')) say(`  ${l.trimEnd()}`);
  say(`ready ${a}`);
  await nextLine();
  const gone = once(ca, 'exit');
  ca.kill('SIGKILL');
  await gone;
  say(
    `pid ${a} is SIGKILLed while it holds its slot: value ${value(id)}, GETPID ${semctl(id, 0, GETPID).ret}`,
  );
  say(
    `  its undo list was applied at its exit: the slot is back, with nobody asleep (GETNCNT ${semctl(id, 0, GETNCNT).ret})`,
  );
  cb.kill('SIGTERM');
  check('IPC_RMID', semctl(id, 0, IPC_RMID).ret);
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'hold') hold(Number(arg));
else await direct();
