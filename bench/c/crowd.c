/*
 * N processes that wait: idle in read() on a pipe (after one semctl), or asleep in semop on one
 * semaphore; for the memory a supervisor spends on each process and on each sleeper (run.memory).
 * usage: crowd N idle|sleep
 * Forks N children; once all of them wait (for "sleep": GETNCNT is N), prints "ready <pid of one
 * child>" and waits until its stdin ends; then removes the set (the sleepers get EIDRM), closes the
 * pipe (the idle ones read EOF), reaps every child and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) return fprintf(stderr, "usage: crowd N idle|sleep\n"), 2;
  int n = atoi(argv[1]), sleep = !strcmp(argv[2], "sleep");
  int id = semget(IPC_PRIVATE, 1, 0600), hold[2], ready[2];
  if (id < 0 || pipe(hold) || pipe(ready)) return perror("crowd"), 1;
  pid_t one = 0;
  for (int i = 0; i < n; i++) {
    pid_t c = fork();
    if (c < 0) return perror("fork"), 1;
    if (c == 0) {
      char b;
      close(hold[1]);
      if (sleep) {
        struct sembuf down = {0, -1, 0};
        semop(id, &down, 1);
      } else {
        /* One semaphore call first: the session knows the process from then on. */
        if (semctl(id, 0, GETVAL) < 0 || write(ready[1], "x", 1) != 1) _exit(1);
        while (read(hold[0], &b, 1) > 0) {
        }
      }
      _exit(0);
    }
    one = c;
  }
  close(hold[0]);
  close(ready[1]);
  if (sleep)
    while (semctl(id, 0, GETNCNT) < n) usleep(2000);
  else
    for (int got = 0; got < n;) {
      char b[256];
      ssize_t r = read(ready[0], b, sizeof b);
      if (r <= 0) return perror("ready"), 1;
      got += r;
    }
  printf("ready %d\n", (int)one);
  fflush(stdout);
  char line[64];
  while (fgets(line, sizeof line, stdin)) {
  }
  semctl(id, 0, IPC_RMID);
  close(hold[1]);
  while (wait(NULL) > 0) {
  }
  return 0;
}
