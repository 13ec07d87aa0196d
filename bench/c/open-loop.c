/*
 * open() and close() of one file in a loop, optionally reading it: the baseline of run.open.
 * usage: open-loop PATH OPENS RUNS [read]
 * One untimed warm-up run, then RUNS timed runs of OPENS times open(PATH, O_RDONLY) (then, with
 * "read", one read of up to 4 KiB) and close, one line each: "<opens> <nanoseconds>".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void loop(const char *path, long opens, int rd) {
  static char buf[4096];
  for (long i = 0; i < opens; i++) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) perror(path), exit(1);
    if (rd && read(fd, buf, sizeof buf) < 0) perror("read"), exit(1);
    close(fd);
  }
}

int main(int argc, char **argv) {
  if (argc < 4) return fprintf(stderr, "usage: open-loop PATH OPENS RUNS [read]\n"), 2;
  long opens = atol(argv[2]);
  int runs = atoi(argv[3]), rd = argc > 4;
  loop(argv[1], opens, rd);
  for (int r = 0; r < runs; r++) {
    long long t0 = now_ns();
    loop(argv[1], opens, rd);
    printf("%ld %lld\n", opens, now_ns() - t0);
  }
  return 0;
}
