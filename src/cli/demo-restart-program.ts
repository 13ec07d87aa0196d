// The program `semundo demo`'s act 5 runs, once under `semundo run` and once under `semundo run --restore`.
// `first`: makes a pool of 2 slots, a child takes one with SEM_UNDO ("ready PID": the demo checkpoints the
// session), then the child is SIGKILLed and the session ends. `resume ID OLD_PID`: in the restored session,
// a restarted child that takes no slot itself ("ready PID": the demo gives it OLD_PID's saved list), then
// is SIGKILLed. `hold ID` and `restarted`: the two children.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GETNCNT, IPC_PRIVATE, IPC_RMID, SEM_UNDO, SETVAL } from '../abi/index.js';
import { semctl } from '../host/semctl.js';
import { semget, semop } from '../host/sem-syscalls.js';
import { check, nextLine, readyChild, say, value, waitForKill } from './demo-program-parts.js';

const SELF = fileURLToPath(import.meta.url);

async function first(): Promise<void> {
  const id = check('semget', semget(IPC_PRIVATE, 1, 0o600));
  check('SETVAL', semctl(id, 0, SETVAL, 2).ret);
  say(`pid ${process.pid} makes set ${id}: a pool of 2 slots (value ${value(id)})`);
  const holder = await readyChild(SELF, ['hold', String(id)]);
  say(`pid ${holder.pid!} takes a slot with semop(-1, SEM_UNDO): value ${value(id)}`);
  say(`ready ${holder.pid!}`);
  await nextLine();
  const gone = once(holder, 'exit');
  holder.kill('SIGKILL');
  await gone;
  say(`pid ${holder.pid!} is SIGKILLed: value ${value(id)}, its undo list gave the slot back`);
  say(`the first session ends with its last process`);
}

async function resume(id: number, old: number): Promise<void> {
  say(`set ${id} is there again, value ${value(id)}: the slot pid ${old} took is still taken`);
  const restarted = await readyChild(SELF, ['restarted']);
  const pid = restarted.pid!;
  say(`pid ${pid} is pid ${old} restarted; it makes no semaphore call of its own`);
  say(`ready ${pid}`);
  await nextLine();
  say(`cat /proc/${pid}/semundo — what pid ${pid}'s exit will give back:`);
  for (const l of readFileSync(`/proc/${pid}/semundo`, 'utf8').trimEnd().split('\n')) say(`  ${l}`);
  const gone = once(restarted, 'exit');
  restarted.kill('SIGKILL');
  await gone;
  say(
    `pid ${pid} is SIGKILLed: value ${value(id)} (GETNCNT ${semctl(id, 0, GETNCNT).ret}), the slot back, as at pid ${old}'s crash in the first session`,
  );
  check('IPC_RMID', semctl(id, 0, IPC_RMID).ret);
}

function hold(id: number): void {
  check('semop', semop(id, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]));
  say('holding');
  waitForKill();
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'first') await first();
else if (mode === 'resume') await resume(Number(a), Number(b));
else if (mode === 'hold') hold(Number(a));
else if (mode === 'restarted') {
  say('up');
  waitForKill();
} else throw new Error(`demo-restart-program: unknown mode ${String(mode)}`);
