// drivers/tty/tty_jobctrl.c on the real kernel: whether our process group is its terminal's foreground group.
import { libc } from './libc.js';

const cIsatty = libc.func('int isatty(int fd)');
const cTcgetpgrp = libc.func('int tcgetpgrp(int fd)');
const cGetpgrp = libc.func('int getpgrp()');

/**
 * True when one of fds 0, 1, 2 is a terminal whose foreground process group is ours: then a SIGINT,
 * SIGQUIT or SIGHUP the terminal sends goes to the whole group.
 */
export function inForegroundOfTerminal(): boolean {
  const pgrp = cGetpgrp() as number;
  for (const fd of [0, 1, 2]) if (cIsatty(fd) === 1 && cTcgetpgrp(fd) === pgrp) return true;
  return false;
}
