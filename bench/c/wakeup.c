/*
 * The real kernel waking N sleepers: the baseline of the wake-up benchmarks.
 * usage: wakeup N SEMS one-by-one|setall [timed]
 * Forks N children; child i sleeps in semop(id, {i / ceil(N / SEMS), -1, 0}), or with "timed" in
 * semtimedop with a one-hour timeout. Once the GETNCNTs add up to N, the parent releases them:
 * N times semop(id, {0, +1, 0}) (SEMS must be 1), or one SETALL that gives every semaphore as many
 * units as it has sleepers. Each child, once its semop has returned, writes one byte to a pipe and
 * sleeps again (on semaphore SEMS) until the set is removed.
 * Prints "<N> <nanoseconds from the start of the release until every child's semop had returned>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void child(int id, int sem, int park_sem, int out, int timed) {
  struct sembuf down = {sem, -1, 0}, park = {park_sem, -1, 0};
  struct timespec hour = {3600, 0};
  while (semtimedop(id, &down, 1, timed ? &hour : NULL) != 0)
    if (errno != EINTR) _exit(1);
  if (write(out, "x", 1) != 1) _exit(1);
  semop(id, &park, 1);
  _exit(0);
}

static int sleepers(int id, int sems) {
  int n = 0;
  for (int s = 0; s < sems; s++) n += semctl(id, s, GETNCNT);
  return n;
}

static void remove_and_reap(int id) {
  semctl(id, 0, IPC_RMID);
  while (wait(NULL) > 0) {}
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) return fprintf(stderr, "usage: wakeup N SEMS one-by-one|setall [timed]\n"), 2;
  int n = atoi(argv[1]), sems = atoi(argv[2]);
  int setall = strcmp(argv[3], "setall") == 0;
  int timed = argc == 5 && strcmp(argv[4], "timed") == 0;
  if (n < 1 || sems < 1 || (!setall && sems != 1)) return fprintf(stderr, "wakeup: bad arguments\n"), 2;
  int id = semget(IPC_PRIVATE, sems + 1, IPC_CREAT | 0600);
  int fds[2];
  if (id < 0 || pipe(fds) != 0) return perror("setup"), 1;
  int per_sem = (n + sems - 1) / sems;
  for (int i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid < 0) return perror("fork"), remove_and_reap(id), 1;
    if (pid == 0) close(fds[0]), child(id, i / per_sem, sems, fds[1], timed);
  }
  close(fds[1]);
  while (sleepers(id, sems) < n) usleep(1000);
  unsigned short *values = calloc(sems + 1, sizeof *values);
  for (int i = 0; i < n; i++) values[i / per_sem]++;
  struct sembuf up = {0, 1, 0};
  long long t0 = now_ns();
  if (setall) {
    if (semctl(id, 0, SETALL, values) != 0) return perror("SETALL"), remove_and_reap(id), 1;
  } else {
    for (int i = 0; i < n; i++)
      if (semop(id, &up, 1) != 0) return perror("semop"), remove_and_reap(id), 1;
  }
  char buf[4096];
  for (long got = 0; got < n;) {
    ssize_t r = read(fds[0], buf, sizeof buf);
    if (r <= 0) return perror("read"), remove_and_reap(id), 1;
    got += r;
  }
  long long elapsed = now_ns() - t0;
  remove_and_reap(id);
  printf("%d %lld\n", n, elapsed);
  return 0;
}
