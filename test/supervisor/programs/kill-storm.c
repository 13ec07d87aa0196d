/* Processes killed at any moment: WORKERS processes take and give back units of 4 semaphores with
   SEM_UNDO (several at once, blocking, sometimes with a short timeout) while the parent SIGKILLs one
   at random every few hundred microseconds (asleep, in the middle of a call, between two) and starts
   another, for about 1.5 s. A worker holds at most what it took, so once every worker is gone each
   undo must have been applied exactly once: the values are back where they started and nobody waits.
   Prints the end state on stdout, the number of kills on stderr. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SEMS 4
#define WORKERS 12
#define START 5

static int id;

static void work(unsigned seed) {
  srand(seed);
  for (;;) {
    struct sembuf take[2], give[2];
    int n = 1 + rand() % 2;
    unsigned short a = rand() % SEMS, b = (a + 1 + rand() % (SEMS - 1)) % SEMS;
    short k = 1 + rand() % 3, j = 1 + rand() % 2;
    take[0] = (struct sembuf){a, (short)-k, SEM_UNDO};
    take[1] = (struct sembuf){b, (short)-j, SEM_UNDO};
    give[0] = (struct sembuf){a, k, SEM_UNDO};
    give[1] = (struct sembuf){b, j, SEM_UNDO};
    struct timespec t = {0, 200000};
    int r = rand() % 3 ? semop(id, take, n) : semtimedop(id, take, n, &t);
    if (r != 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      _exit(1);
    }
    if (rand() % 2) usleep(rand() % 300);
    if (semop(id, give, n) != 0) _exit(1);
  }
}

static pid_t start(unsigned seed) {
  pid_t p = fork();
  if (p == 0) work(seed);
  return p;
}

int main(void) {
  id = semget(IPC_PRIVATE, SEMS, 0600);
  unsigned short init[SEMS] = {START, START, START, START};
  if (id < 0 || semctl(id, 0, SETALL, init) != 0) return perror("setup"), 1;
  pid_t w[WORKERS];
  for (int i = 0; i < WORKERS; i++) w[i] = start(i + 1);
  srand(12345);
  struct timespec t0, now;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int kills = 0;
  do {
    usleep(100 + rand() % 600);
    int i = rand() % WORKERS;
    kill(w[i], SIGKILL);
    int st;
    if (waitpid(w[i], &st, 0) != w[i] || !WIFSIGNALED(st)) return fprintf(stderr, "worker %d failed\n", i), 1;
    kills++;
    w[i] = start(1000 + kills);
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 < 1500);
  for (int i = 0; i < WORKERS; i++) kill(w[i], SIGKILL);
  while (wait(NULL) > 0) {
  }
  unsigned short v[SEMS];
  semctl(id, 0, GETALL, v);
  printf("values");
  for (int s = 0; s < SEMS; s++) printf(" %d", v[s]);
  printf(", waiting");
  for (int s = 0; s < SEMS; s++) printf(" %d/%d", semctl(id, s, GETNCNT), semctl(id, s, GETZCNT));
  printf("\n");
  fprintf(stderr, "%d kills\n", kills);
  semctl(id, 0, IPC_RMID);
  return 0;
}
