/*
 * A loop of semops whose pauses are recorded: for the time a session takes to answer again after its
 * server is killed (run.restart).
 * usage: restart-loop GAP_US
 * Makes one set of one semaphore and does semop(+1, SEM_UNDO), semop(-1, SEM_UNDO) until its stdin
 * ends; the first call made, it prints "ready". It takes CLOCK_MONOTONIC after every completed call;
 * at the end it prints one line "gap <before> <after>" (nanoseconds) for each pause of GAP_US or more
 * between two completed calls, then "interval <median nanoseconds> <count>" of the shorter ones.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

#define MAX_GAPS 4096
#define BUCKET_NS 100

static atomic_int stop;

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *watch_stdin(void *unused) {
  char b[256];
  (void)unused;
  while (read(0, b, sizeof b) > 0) {
  }
  atomic_store(&stop, 1);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2) return fprintf(stderr, "usage: restart-loop GAP_US\n"), 2;
  long long gap = atoll(argv[1]) * 1000LL;
  int buckets = (int)(gap / BUCKET_NS);
  long long *hist = calloc(buckets, sizeof *hist), (*gaps)[2] = calloc(MAX_GAPS, sizeof *gaps);
  int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), ngaps = 0;
  struct sembuf ops[2] = {{0, 1, SEM_UNDO}, {0, -1, SEM_UNDO}};
  pthread_t watcher;
  if (!hist || !gaps || id < 0 || pthread_create(&watcher, NULL, watch_stdin, NULL))
    return perror("restart-loop"), 1;
  if (semop(id, &ops[0], 1) != 0) return perror("semop"), 1;
  long long prev = now_ns(), count = 0;
  printf("ready\n");
  fflush(stdout);
  for (long i = 1; !atomic_load(&stop); i++) {
    if (semop(id, &ops[i & 1], 1) != 0) return perror("semop"), 1;
    long long t = now_ns(), d = t - prev;
    if (d >= gap) {
      if (ngaps < MAX_GAPS) gaps[ngaps][0] = prev, gaps[ngaps][1] = t, ngaps++;
    } else
      hist[d / BUCKET_NS]++, count++;
    prev = t;
  }
  for (int g = 0; g < ngaps; g++) printf("gap %lld %lld\n", gaps[g][0], gaps[g][1]);
  long long seen = 0;
  int b = 0;
  while (b < buckets - 1 && (seen += hist[b]) * 2 < count) b++;
  printf("interval %lld %lld\n", (long long)b * BUCKET_NS + BUCKET_NS / 2, count);
  semctl(id, 0, IPC_RMID);
  return 0;
}
