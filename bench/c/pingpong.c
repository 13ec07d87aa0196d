/*
 * Wake-up latency: two processes hand a semaphore back and forth, each sleeping until the other
 * releases it: the baseline of run.wakeup.latency.
 * usage: pingpong ROUNDS RUNS
 * A set of two semaphores; the child waits on 1 and releases 0, the parent releases 1 and waits on 0.
 * One untimed warm-up run, then RUNS timed runs, one line each: "<wake-ups> <nanoseconds>" (two
 * wake-ups per round: every semop that releases ends with the other process returning from its wait).
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

static void op(int id, unsigned short sem, short delta) {
  struct sembuf b = {sem, delta, 0};
  if (semop(id, &b, 1) != 0) perror("semop"), exit(1);
}

int main(int argc, char **argv) {
  if (argc < 3) return fprintf(stderr, "usage: pingpong ROUNDS RUNS\n"), 2;
  long rounds = atol(argv[1]);
  int runs = atoi(argv[2]);
  int id = semget(IPC_PRIVATE, 2, 0600);
  if (id < 0) return perror("semget"), 1;
  long total = rounds * (runs + 1);
  pid_t child = fork();
  if (child == 0) {
    for (long i = 0; i < total; i++) op(id, 1, -1), op(id, 0, 1);
    _exit(0);
  }
  for (int r = 0; r <= runs; r++) {
    long long t0 = now_ns();
    for (long i = 0; i < rounds; i++) op(id, 1, 1), op(id, 0, -1);
    if (r > 0) printf("%ld %lld\n", 2 * rounds, now_ns() - t0);
  }
  int st;
  waitpid(child, &st, 0);
  semctl(id, 0, IPC_RMID);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
