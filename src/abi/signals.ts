// arch/x86/include/uapi/asm/signal.h: signal numbers, and which ones end a process by default.
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGURG = 23;
export const SIGWINCH = 28;

export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP,
  SIGINT,
  SIGQUIT,
  SIGKILL,
  SIGUSR1,
  SIGUSR2,
  SIGPIPE,
  SIGALRM,
  SIGTERM,
  SIGCHLD,
  SIGCONT,
  SIGSTOP,
  SIGTSTP,
  SIGURG,
  SIGWINCH,
};

/** The default action of a signal (kernel/signal.c: sig_kernel_ignore / sig_kernel_stop / coredump / terminate). */
export type DefaultAction = 'terminate' | 'ignore' | 'stop' | 'continue';

export function defaultAction(sig: number): DefaultAction {
  if (sig === SIGCHLD || sig === SIGURG || sig === SIGWINCH) return 'ignore';
  if (sig === SIGCONT) return 'continue';
  if (sig === SIGSTOP || sig === SIGTSTP) return 'stop';
  return 'terminate';
}

/** Signals whose disposition cannot be changed. */
export function isUncatchable(sig: number): boolean {
  return sig === SIGKILL || sig === SIGSTOP;
}
