/*
 * The real kernel's semop with SEM_UNDO, called from a C loop: the baseline of the semop benchmarks.
 * usage: semop-loop NSETS ROUNDS RUNS
 * Makes NSETS sets of one semaphore. A round is +1 on every set in turn, then -1 on every set in turn,
 * each with SEM_UNDO (with NSETS 1: alternate +1/-1 on one semaphore; with more, every semop finds
 * its undo entry at the far end of the process's undo list). One untimed warm-up run, then RUNS timed
 * runs, one line each: "<ops> <nanoseconds>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <time.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void round_trip(const int *ids, int nsets, long rounds) {
  struct sembuf up = {0, 1, SEM_UNDO}, down = {0, -1, SEM_UNDO};
  for (long r = 0; r < rounds; r++) {
    for (int k = 0; k < nsets; k++)
      if (semop(ids[k], &up, 1) != 0) perror("semop +1"), exit(1);
    for (int k = 0; k < nsets; k++)
      if (semop(ids[k], &down, 1) != 0) perror("semop -1"), exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc != 4) return fprintf(stderr, "usage: semop-loop NSETS ROUNDS RUNS\n"), 2;
  int nsets = atoi(argv[1]);
  long rounds = atol(argv[2]);
  int runs = atoi(argv[3]);
  int *ids = calloc(nsets, sizeof *ids);
  for (int k = 0; k < nsets; k++)
    if ((ids[k] = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)) < 0) perror("semget"), exit(1);
  round_trip(ids, nsets, rounds);
  for (int i = 0; i < runs; i++) {
    long long t0 = now_ns();
    round_trip(ids, nsets, rounds);
    printf("%ld %lld\n", 2L * nsets * rounds, now_ns() - t0);
  }
  for (int k = 0; k < nsets; k++) semctl(ids[k], 0, IPC_RMID);
  return 0;
}
