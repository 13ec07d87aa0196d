/*
 * Many processes on one set: PROCS children each take and give back semaphore 0 (SEM_UNDO) OPS
 * times, VALUE of them at once at most; the baseline of run.hammer.
 * usage: hammer PROCS OPS VALUE
 * The children are forked first and start together. Prints "<semops> <nanoseconds from the start
 * until the last child has exited>"; fails if the semaphore does not end at VALUE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 4) return fprintf(stderr, "usage: hammer PROCS OPS VALUE\n"), 2;
  int procs = atoi(argv[1]), value = atoi(argv[3]);
  long ops = atol(argv[2]);
  int id = semget(IPC_PRIVATE, 2, 0600);
  if (id < 0) return perror("semget"), 1;
  if (semctl(id, 0, SETVAL, value) != 0 || semctl(id, 1, SETVAL, 1) != 0) return perror("SETVAL"), 1;
  for (int p = 0; p < procs; p++) {
    pid_t c = fork();
    if (c < 0) return perror("fork"), 1;
    if (c == 0) {
      struct sembuf start = {1, 0, 0}, down = {0, -1, SEM_UNDO}, up = {0, 1, SEM_UNDO};
      if (semop(id, &start, 1) != 0) _exit(1);
      for (long i = 0; i < ops; i++)
        if (semop(id, &down, 1) != 0 || semop(id, &up, 1) != 0) _exit(1);
      _exit(0);
    }
  }
  /* Every child waits for semaphore 1, which starts at 1, to be zero: all go at once. */
  struct sembuf go = {1, -1, 0};
  for (;;) {
    int waiting = semctl(id, 1, GETZCNT);
    if (waiting < 0) return perror("GETZCNT"), 1;
    if (waiting == procs) break;
    usleep(1000);
  }
  long long t0 = now_ns();
  if (semop(id, &go, 1) != 0) return perror("semop go"), 1;
  int bad = 0, st;
  while (wait(&st) > 0) bad |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
  long long ns = now_ns() - t0;
  int end = semctl(id, 0, GETVAL);
  semctl(id, 0, IPC_RMID);
  if (bad || end != value) return fprintf(stderr, "hammer: children failed or value %d != %d\n", end, value), 1;
  printf("%ld %lld\n", 2L * ops * procs, ns);
  return 0;
}
