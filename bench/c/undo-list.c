/*
 * The real kernel's side of the semundo benchmarks, in a fresh IPC namespace.
 * usage: undo-list NSETS NSEMS BUILDS READS
 * Makes NSETS sets of NSEMS semaphores. Building: one semop per set, with one SEM_UNDO sop on each of
 * its semaphores, so the process's undo list gets NSETS entries — the only way Linux has to make an
 * undo list, and what writing NSETS lines into /proc/self/semundo does. Reading: /proc/sysvipc/sem,
 * the real kernel's seq_file with one record per set, read to the end in 4 KiB reads and in one read.
 * Before each build the list is dropped with unshare(CLONE_SYSVSEM) (its adjustments given back),
 * untimed. BUILDS timed builds, then one untimed read of each kind and READS timed ones. Prints one
 * line per timed run: "build <ns>", "read-4k <ns> <bytes>" or "read-one <ns> <bytes>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long build(const int *ids, int nsets, struct sembuf *sops, int nsems) {
  if (unshare(CLONE_SYSVSEM) != 0) perror("unshare"), exit(1);
  long long t0 = now_ns();
  for (int k = 0; k < nsets; k++)
    if (semop(ids[k], sops, nsems) != 0) perror("semop"), exit(1);
  return now_ns() - t0;
}

static long long read_all(char *buf, size_t chunk, long *bytes) {
  long long t0 = now_ns();
  int fd = open("/proc/sysvipc/sem", O_RDONLY);
  if (fd < 0) perror("open"), exit(1);
  long total = 0;
  ssize_t n;
  while ((n = read(fd, buf, chunk)) > 0) total += n;
  if (n < 0) perror("read"), exit(1);
  close(fd);
  *bytes = total;
  return now_ns() - t0;
}

int main(int argc, char **argv) {
  if (argc != 5) return fprintf(stderr, "usage: undo-list NSETS NSEMS BUILDS READS\n"), 2;
  int nsets = atoi(argv[1]);
  int nsems = atoi(argv[2]);
  int builds = atoi(argv[3]);
  int reads = atoi(argv[4]);
  int *ids = calloc(nsets, sizeof *ids);
  struct sembuf *sops = calloc(nsems, sizeof *sops);
  for (int i = 0; i < nsems; i++) sops[i] = (struct sembuf){i, 1, SEM_UNDO};
  for (int k = 0; k < nsets; k++)
    if ((ids[k] = semget(IPC_PRIVATE, nsems, IPC_CREAT | 0600)) < 0) perror("semget"), exit(1);
  size_t big = (size_t)nsets * 256 + 65536;
  char *buf = malloc(big);
  long bytes;
  for (int r = 0; r < builds; r++) printf("build %lld\n", build(ids, nsets, sops, nsems));
  read_all(buf, 4096, &bytes);
  read_all(buf, big, &bytes);
  for (int r = 0; r < reads; r++) {
    long long small = read_all(buf, 4096, &bytes);
    printf("read-4k %lld %ld\n", small, bytes);
    long long one = read_all(buf, big, &bytes);
    printf("read-one %lld %ld\n", one, bytes);
  }
  for (int k = 0; k < nsets; k++) semctl(ids[k], 0, IPC_RMID);
  return 0;
}
