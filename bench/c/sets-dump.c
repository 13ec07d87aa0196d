/*
 * The real kernel's side of the image benchmarks, in a fresh IPC namespace: dumping and recreating
 * semaphore sets the way a user-space checkpointer must.
 * usage: sets-dump NSETS NSEMS REPS
 * Makes NSETS sets of NSEMS semaphores (key i + 1, mode 0666, values set with SETALL). Dump: the
 * limits from /proc/sys/kernel/sem, SEM_INFO for the highest index in use, then for every index
 * SEM_STAT_ANY (the set's id, owner, mode and times), GETALL (the values) and GETPID per semaphore,
 * into records in memory. Restore: every set removed (untimed), then for each record sem_next_id
 * written (open, write, close), semget(IPC_CREAT | IPC_EXCL) checked to give the saved id, IPC_SET
 * (owner and mode) and SETALL. REPS timed dumps and REPS timed restores, taking turns. Prints one line
 * per timed run: "dump <ns> <sets>" or "restore <ns> <sets>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

union semun {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
  struct seminfo *__buf;
};

struct record {
  struct semid_ds ds;
  int id;
  unsigned short *vals;
  int *pids;
};

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void read_limits(int limits[4]) {
  FILE *f = fopen("/proc/sys/kernel/sem", "r");
  if (!f) die("open /proc/sys/kernel/sem");
  if (fscanf(f, "%d %d %d %d", &limits[0], &limits[1], &limits[2], &limits[3]) != 4) die("read sem");
  fclose(f);
}

/** Every set of the namespace into `recs`; returns how many. */
static int dump(struct record *recs, int nsems) {
  int limits[4];
  read_limits(limits);
  struct seminfo info;
  int maxidx = semctl(0, 0, SEM_INFO, (union semun){.__buf = &info});
  if (maxidx < 0) die("SEM_INFO");
  int n = 0;
  for (int idx = 0; idx <= maxidx; idx++) {
    struct record *r = &recs[n];
    int id = semctl(idx, 0, SEM_STAT_ANY, (union semun){.buf = &r->ds});
    if (id < 0) continue;
    if ((int)r->ds.sem_nsems != nsems) fprintf(stderr, "set %d has %lu semaphores\n", id, r->ds.sem_nsems), exit(1);
    r->id = id;
    if (semctl(id, 0, GETALL, (union semun){.array = r->vals}) < 0) die("GETALL");
    for (int s = 0; s < nsems; s++)
      if ((r->pids[s] = semctl(id, s, GETPID)) < 0) die("GETPID");
    n++;
  }
  return n;
}

static void write_next_id(int id) {
  char text[16];
  int len = snprintf(text, sizeof text, "%d", id);
  int fd = open("/proc/sys/kernel/sem_next_id", O_WRONLY);
  if (fd < 0) die("open sem_next_id");
  if (write(fd, text, len) != len) die("write sem_next_id");
  close(fd);
}

/** Recreates the sets of `recs` with their ids, owners, modes and values. */
static void restore(const struct record *recs, int n, int nsems) {
  for (int i = 0; i < n; i++) {
    const struct record *r = &recs[i];
    write_next_id(r->id);
    int mode = r->ds.sem_perm.mode & 0777;
    int id = semget(r->ds.sem_perm.__key, nsems, IPC_CREAT | IPC_EXCL | mode);
    if (id < 0) die("semget");
    if (id != r->id) fprintf(stderr, "semget gave id %d, not %d\n", id, r->id), exit(1);
    struct semid_ds set = {0};
    set.sem_perm.uid = r->ds.sem_perm.uid;
    set.sem_perm.gid = r->ds.sem_perm.gid;
    set.sem_perm.mode = mode;
    if (semctl(id, 0, IPC_SET, (union semun){.buf = &set}) < 0) die("IPC_SET");
    if (semctl(id, 0, SETALL, (union semun){.array = r->vals}) < 0) die("SETALL");
  }
}

static void remove_all(const struct record *recs, int n) {
  for (int i = 0; i < n; i++)
    if (semctl(recs[i].id, 0, IPC_RMID) < 0) die("IPC_RMID");
}

int main(int argc, char **argv) {
  if (argc != 4) return fprintf(stderr, "usage: sets-dump NSETS NSEMS REPS\n"), 2;
  int nsets = atoi(argv[1]);
  int nsems = atoi(argv[2]);
  int reps = atoi(argv[3]);
  struct record *recs = calloc(nsets, sizeof *recs);
  unsigned short *vals = calloc((size_t)nsets * nsems, sizeof *vals);
  int *pids = calloc((size_t)nsets * nsems, sizeof *pids);
  if (!recs || !vals || !pids) die("calloc");
  for (int i = 0; i < nsets; i++) {
    recs[i].vals = vals + (size_t)i * nsems;
    recs[i].pids = pids + (size_t)i * nsems;
  }
  unsigned short *init = calloc(nsems, sizeof *init);
  for (int i = 0; i < nsets; i++) {
    int id = semget(i + 1, nsems, IPC_CREAT | IPC_EXCL | 0666);
    if (id < 0) die("semget");
    for (int s = 0; s < nsems; s++) init[s] = (unsigned short)(100 + (i + s) % 900);
    if (semctl(id, 0, SETALL, (union semun){.array = init}) < 0) die("SETALL");
  }
  for (int r = 0; r < reps; r++) {
    long long t0 = now_ns();
    int n = dump(recs, nsems);
    long long t1 = now_ns();
    if (n != nsets) fprintf(stderr, "dumped %d sets, not %d\n", n, nsets), exit(1);
    printf("dump %lld %d\n", t1 - t0, n);
    remove_all(recs, n);
    long long t2 = now_ns();
    restore(recs, n, nsems);
    long long t3 = now_ns();
    printf("restore %lld %d\n", t3 - t2, n);
  }
  remove_all(recs, nsets);
  return 0;
}
