// Many processes doing random SEM_UNDO semops, blocking and timed waits, SETVAL, IPC_RMID, exits and SIGKILLs,
// with their own checks at the end: every acknowledged increment counted exactly once, every undo applied
// once per exit (the shared set is back at its initial values), nobody left asleep. Prints "ok" and the
// longest time a call that cannot block took (the pause a server restart caused), or what failed.
// Usage: chaos WORKERS ITERATIONS SEED
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NA 3
#define K 2
#define KEY_D 0x5eed

struct shared {
  long logged[64];
  long maxpause_ns;
  long errors;
  char what[256];
};

static struct shared *sh;
static int setA, setC;

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void bad(const char *op, int e) {
  __sync_fetch_and_add(&sh->errors, 1);
  snprintf(sh->what, sizeof sh->what, "%s: %s", op, strerror(e));
}

static void worker(int w, int iters, unsigned seed) {
  int held[NA] = {0};
  srand(seed);
  for (int i = 0; i < iters; i++) {
    int r = rand() % 100, j = rand() % NA;
    if (r < 30 && !held[j]) {
      struct sembuf op = {j, -1, SEM_UNDO};
      int how = rand() % 3, ret, holding = held[0] + held[1] + held[2];
      // Only a worker that holds nothing waits without a timeout (no deadlock between workers).
      if (how == 0 && !holding) ret = semop(setA, &op, 1);
      else if (how == 1) {
        struct timespec ts = {0, (1 + rand() % 3) * 1000000L};
        ret = semtimedop(setA, &op, 1, &ts);
      } else {
        op.sem_flg |= IPC_NOWAIT;
        ret = semop(setA, &op, 1);
      }
      if (ret == 0) held[j] = 1;
      else if (errno != EAGAIN) bad("take", errno);
    } else if (r < 45 && held[j]) {
      struct sembuf op = {j, 1, SEM_UNDO};
      if (semop(setA, &op, 1) == 0) held[j] = 0;
      else bad("give", errno);
    } else if (r < 85) {
      struct sembuf op = {w, 1, 0};
      long t0 = now_ns();
      if (semop(setC, &op, 1) != 0) bad("count", errno);
      else sh->logged[w]++;
      long d = now_ns() - t0;
      if (d > sh->maxpause_ns) sh->maxpause_ns = d;
    } else if (r < 92) {
      int d = semget(KEY_D, 1, IPC_CREAT | 0600);
      if (d < 0) continue;
      if (rand() % 2) {
        if (semctl(d, 0, SETVAL, rand() % 4) < 0 && errno != EIDRM && errno != EINVAL) bad("setval", errno);
      } else {
        struct sembuf op = {0, -1, SEM_UNDO | IPC_NOWAIT};
        if (semop(d, &op, 1) < 0 && errno != EAGAIN && errno != EIDRM && errno != EINVAL) bad("d", errno);
      }
    } else if (r < 94) {
      int d = semget(KEY_D, 1, 0);
      if (d >= 0 && semctl(d, 0, IPC_RMID) < 0 && errno != EIDRM && errno != EINVAL) bad("rmid", errno);
    } else if (r == 99 && rand() % 8 == 0) {
      _exit(0); // holding what it holds: its undo gives it back
    }
  }
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: chaos WORKERS ITERATIONS SEED\n");
    return 2;
  }
  int n = atoi(argv[1]), iters = atoi(argv[2]);
  unsigned seed = (unsigned)atoi(argv[3]);
  if (n < 1 || n > 64) return 2;
  sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  setA = semget(IPC_PRIVATE, NA, 0600);
  setC = semget(IPC_PRIVATE, n, 0600);
  unsigned short init[NA] = {K, K, K};
  if (setA < 0 || setC < 0 || semctl(setA, 0, SETALL, init) < 0) {
    perror("setup");
    return 1;
  }
  pid_t pids[64];
  int killed[64] = {0};
  for (int w = 0; w < n; w++)
    if ((pids[w] = fork()) == 0) worker(w, iters, seed * 1000 + w);
  srand(seed);
  // Now and then a worker is SIGKILLed, wherever it is (asleep, or between a call and its bookkeeping).
  for (int left = n; left > 0;) {
    usleep(2000 + rand() % 20000);
    int w = rand() % n;
    if (rand() % 6 == 0 && !killed[w] && w % 3 == 1) {
      kill(pids[w], SIGKILL);
      killed[w] = 1;
    }
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0) left--;
  }
  int fail = 0;
  for (int j = 0; j < NA; j++) {
    int v = semctl(setA, j, GETVAL), nc = semctl(setA, j, GETNCNT), zc = semctl(setA, j, GETZCNT);
    if (v != K || nc != 0 || zc != 0) {
      printf("FAIL A[%d]: value %d (want %d), ncnt %d, zcnt %d\n", j, v, K, nc, zc);
      fail = 1;
    }
  }
  long total = 0;
  for (int w = 0; w < n; w++) {
    long c = semctl(setC, w, GETVAL), l = sh->logged[w];
    total += l;
    // A killed worker may have had its increment done but not yet counted it.
    if (!(c == l || (killed[w] && c == l + 1))) {
      printf("FAIL C[%d]: value %ld, the worker counted %ld%s\n", w, c, l, killed[w] ? " (killed)" : "");
      fail = 1;
    }
  }
  if (sh->errors) {
    printf("FAIL %ld unexpected errors, the last: %s\n", sh->errors, sh->what);
    fail = 1;
  }
  if (!fail) printf("ok %ld increments, longest pause %.1f ms\n", total, sh->maxpause_ns / 1e6);
  semctl(setA, 0, IPC_RMID);
  semctl(setC, 0, IPC_RMID);
  int d = semget(KEY_D, 1, 0);
  if (d >= 0) semctl(d, 0, IPC_RMID);
  return fail;
}
