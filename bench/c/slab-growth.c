/*
 * The real kernel's memory for semaphore sets: the growth of SUnreclaim in /proc/meminfo (the
 * kmalloc slabs that hold struct sem_array and its struct sem[]) when NSETS sets of NSEMS semaphores
 * are created. Run it in a fresh IPC namespace. usage: slab-growth NSETS NSEMS
 * Sets freed just before (by an earlier run) go back to the slabs only after an RCU grace period, so
 * the first reading waits until SUnreclaim has settled. Prints "<semaphores> <growth in bytes>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <unistd.h>

static long long sunreclaim_bytes(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  char line[256];
  long long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "SUnreclaim:", 11) == 0) kb = atoll(line + 11);
  if (f) fclose(f);
  return kb * 1024;
}

static long long settled_sunreclaim(void) {
  long long before = sunreclaim_bytes();
  for (int i = 0; i < 40; i++) {
    usleep(250000);
    long long now = sunreclaim_bytes();
    if (llabs(now - before) < 256 * 1024) return now;
    before = now;
  }
  return before;
}

int main(int argc, char **argv) {
  if (argc != 3) return fprintf(stderr, "usage: slab-growth NSETS NSEMS\n"), 2;
  int nsets = atoi(argv[1]), nsems = atoi(argv[2]);
  int *ids = calloc(nsets, sizeof *ids);
  if (sunreclaim_bytes() < 0) return fprintf(stderr, "no SUnreclaim in /proc/meminfo\n"), 1;
  long long before = settled_sunreclaim();
  for (int k = 0; k < nsets; k++)
    if ((ids[k] = semget(IPC_PRIVATE, nsems, IPC_CREAT | 0600)) < 0) return perror("semget"), 1;
  long long after = sunreclaim_bytes();
  for (int k = 0; k < nsets; k++) semctl(ids[k], 0, IPC_RMID);
  printf("%lld %lld\n", (long long)nsets * nsems, after - before);
  return 0;
}
