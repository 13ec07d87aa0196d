/* How a sleeping semop ends: a caught signal (with and without SA_RESTART), SIGSTOP/SIGCONT, an ignored
   signal, a timeout, alarm(), and IPC_RMID. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int id;
static volatile sig_atomic_t caught;
static void on_sig(int s) { caught = s; }

static void catch_with(int sig, int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

static void wait_sleeping(int n) { while (semctl(id, 0, GETNCNT) != n) usleep(1000); }

/* A child sleeps in semop; the parent does `act` to it; the child reports how its call ended. */
static void sleeper(const char *name, void (*act)(pid_t)) {
  pid_t c = fork();
  if (c == 0) {
    struct sembuf down = {0, -1, 0};
    caught = 0;
    int r = semop(id, &down, 1);
    printf("%-22s semop %d %-10s handler ran: %d\n", name, r, r < 0 ? strerrorname_np(errno) : "", caught != 0);
    _exit(0);
  }
  wait_sleeping(1);
  act(c);
  waitpid(c, NULL, 0);
  printf("%-22s ncnt after: %d\n", name, semctl(id, 0, GETNCNT));
}

static void usr1(pid_t c) { kill(c, SIGUSR1); }
static void usr2(pid_t c) { kill(c, SIGUSR2); }
static void stopcont(pid_t c) {
  kill(c, SIGSTOP);
  int st;
  waitpid(c, &st, WUNTRACED);
  printf("stopped: %d\n", WIFSTOPPED(st));
  kill(c, SIGCONT);
}
static void ignored(pid_t c) {
  kill(c, SIGWINCH);
  kill(c, SIGPIPE);
  usleep(50000);
  printf("ignored: still asleep %d\n", semctl(id, 0, GETNCNT));
  struct sembuf up = {0, 1, 0};
  semop(id, &up, 1);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  catch_with(SIGUSR1, 0);
  catch_with(SIGUSR2, SA_RESTART);
  signal(SIGPIPE, SIG_IGN);
  sleeper("caught, no SA_RESTART", usr1);
  sleeper("caught, SA_RESTART", usr2);
  sleeper("SIGSTOP then SIGCONT", stopcont);
  sleeper("ignored signals", ignored);

  struct sembuf down = {0, -1, 0};
  struct timespec ts = {0, 50 * 1000 * 1000};
  int r = semtimedop(id, &down, 1, &ts);
  printf("semtimedop 50ms: %d %s, ncnt %d\n", r, strerrorname_np(errno), semctl(id, 0, GETNCNT));
  struct timespec bad = {0, 1000000000};
  r = semtimedop(id, &down, 1, &bad);
  printf("semtimedop nsec=1e9: %d %s\n", r, strerrorname_np(errno));
  struct timespec zero = {0, 0};
  r = semtimedop(id, &down, 1, &zero);
  printf("semtimedop 0: %d %s\n", r, strerrorname_np(errno));

  catch_with(SIGALRM, 0);
  alarm(1);
  r = semop(id, &down, 1);
  printf("alarm: %d %s, handler %d\n", r, strerrorname_np(errno), caught == SIGALRM);

  pid_t c = fork();
  if (c == 0) {
    r = semop(id, &down, 1);
    printf("removed while asleep: %d %s\n", r, strerrorname_np(errno));
    _exit(0);
  }
  wait_sleeping(1);
  semctl(id, 0, IPC_RMID);
  waitpid(c, NULL, 0);
  return 0;
}
