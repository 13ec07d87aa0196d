/* A signal sent as soon as the child shows asleep in semop ('S' in /proc): under a supervisor it can
   come before the notification is received, where the kernel withdraws it and, with SA_RESTART,
   restarts the call unseen. Linux's semop returns EINTR for a caught signal either way. Runs ROUNDS
   rounds with an SA_RESTART handler, then ROUNDS without; prints what the children's semops returned. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 60

static void on_hup(int s) { (void)s; }

static char state(pid_t p) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", p);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  if (!fgets(buf, sizeof buf, f)) buf[0] = 0;
  fclose(f);
  char *q = strrchr(buf, ')');
  return q && q[1] ? q[2] : 0;
}

static void rounds(int id, int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_hup;
  sa.sa_flags = flags;
  sigaction(SIGHUP, &sa, NULL);
  int eintr = 0, other = 0;
  for (int i = 0; i < ROUNDS; i++) {
    pid_t c = fork();
    if (c == 0) {
      alarm(5);
      struct sembuf zero = {0, 0, 0};
      int r = semop(id, &zero, 1);
      _exit(r == -1 && errno == EINTR ? 0 : 1);
    }
    for (char s; (s = state(c)) != 'S' && s != 'Z' && s != 0;) usleep(100);
    kill(c, SIGHUP);
    int st;
    waitpid(c, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) eintr++;
    else other++;
  }
  printf("%s: EINTR %d, other %d\n", flags ? "SA_RESTART" : "no SA_RESTART", eintr, other);
}

int main(void) {
  int id = semget(IPC_PRIVATE, 1, 0600);
  if (id < 0 || semctl(id, 0, SETVAL, 1) != 0) return perror("setup"), 1;
  rounds(id, SA_RESTART);
  rounds(id, 0);
  semctl(id, 0, IPC_RMID);
  return 0;
}
