/* A random multi-process history of SEM_UNDO semaphore operations that can be checkpointed and resumed.
 *
 *   history SEED NPROC NOPS                  a fresh run: makes set 0, forks NPROC workers "hist-<i>"
 *   history SEED NPROC NOPS resume DIR MODES  the same workers, restarted in a session restored from an
 *                                            image of a fresh run: worker i first takes its saved undo
 *                                            list, by MODES[i]: 'w' writes DIR/undo-<i> into
 *                                            /proc/self/semundo (the RFC's way); 'a' writes its pid to
 *                                            DIR/pid-<i> and waits for DIR/go-<i> (semundo undo adopt);
 *                                            '-' has none to take.
 *
 * Set 0: sem 0 a pool of 3 that workers take from (blocking, SEM_UNDO) and give back; sem 1 a total that
 * workers add to, with and without SEM_UNDO; sem 2+i worker i's progress, raised in the same semop as each
 * of its operations, so the set itself says which operations were done when an image was taken. Each
 * worker's operations are a function of SEED and i only, and never wait while holding, so every history
 * ends, and ends with the same values whatever the interleaving: pool 3, total = the sum of the adds
 * without SEM_UNDO, progress NOPS. The parent prints them after every worker has exited.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define POOL 3
#define MAXOPS 2000
#define MAXPROC 32

union semun {
  int val;
  unsigned short *array;
};

static unsigned rng;
static unsigned next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

struct op {
  short num, delta, flg;
  int pause_us;
};

/* Worker i's script: takes and gives back on the pool (never taking while holding), adds to the total. */
static int script(unsigned seed, int i, int nops, struct op *ops) {
  rng = seed * 2654435761u + (unsigned)i * 40503u + 1u;
  for (int k = 0; k < 8; k++) next();
  int held = 0;
  for (int k = 0; k < nops; k++) {
    unsigned r = next() % 4;
    struct op o = {0, 0, 0, (int)(next() % 6000)};
    if (r == 0 || r == 1) {
      if (held) {
        o.delta = (short)held;
        held = 0;
      } else {
        held = 1 + (int)(next() % 2);
        o.delta = (short)-held;
      }
      o.flg = SEM_UNDO;
    } else {
      o.num = 1;
      o.delta = (short)(1 + next() % 5);
      o.flg = r == 2 ? SEM_UNDO : 0;
    }
    ops[k] = o;
  }
  return held;
}

static int exists(const char *path) { return access(path, F_OK) == 0; }

/* Worker i takes its saved undo list before it goes on. */
static void take_list(const char *dir, char mode, int i) {
  char path[4096];
  if (mode == 'w') {
    snprintf(path, sizeof path, "%s/undo-%d", dir, i);
    FILE *f = fopen(path, "r");
    if (!f) exit(20);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n == 0) return;
    int fd = open("/proc/self/semundo", O_WRONLY);
    if (fd < 0 || write(fd, buf, n) != (ssize_t)n) {
      perror("write /proc/self/semundo");
      exit(21);
    }
    close(fd);
  } else if (mode == 'a') {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/pid-%d.tmp", dir, i);
    snprintf(path, sizeof path, "%s/pid-%d", dir, i);
    FILE *f = fopen(tmp, "w");
    fprintf(f, "%d\n", getpid());
    fclose(f);
    rename(tmp, path);
    snprintf(path, sizeof path, "%s/go-%d", dir, i);
    while (!exists(path)) usleep(2000);
  }
}

static void worker(int id, unsigned seed, int i, int nops, const char *dir, char mode) {
  char name[16];
  snprintf(name, sizeof name, "hist-%d", i);
  prctl(PR_SET_NAME, name);
  static struct op ops[MAXOPS];
  script(seed, i, nops, ops);
  if (dir) take_list(dir, mode, i);
  int done = semctl(id, 2 + i, GETVAL);
  if (done < 0) exit(22);
  for (int k = done; k < nops; k++) {
    if (ops[k].pause_us) usleep((useconds_t)ops[k].pause_us);
    struct sembuf s[2] = {{(unsigned short)ops[k].num, ops[k].delta, ops[k].flg},
                          {(unsigned short)(2 + i), 1, 0}};
    while (semop(id, s, 2) < 0) {
      if (errno == EINTR) continue;
      perror("semop");
      exit(23);
    }
  }
  exit(0);
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 7) {
    fprintf(stderr, "usage: history SEED NPROC NOPS [resume DIR MODES]\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IONBF, 0);
  unsigned seed = (unsigned)strtoul(argv[1], NULL, 10);
  int nproc = atoi(argv[2]), nops = atoi(argv[3]);
  if (nproc < 1 || nproc > MAXPROC || nops < 1 || nops > MAXOPS) return 2;
  const char *dir = argc == 7 ? argv[5] : NULL;
  int id;
  if (!dir) {
    id = semget(IPC_PRIVATE, 2 + nproc, IPC_CREAT | 0600);
    unsigned short init[2 + MAXPROC] = {POOL};
    union semun arg = {.array = init};
    if (id < 0 || semctl(id, 0, SETALL, arg) < 0) {
      perror("semget/SETALL");
      return 1;
    }
  } else {
    id = 0;
    if ((int)strlen(argv[6]) != nproc) return 2;
  }
  printf("started %d\n", getpid());
  for (int i = 0; i < nproc; i++)
    if (fork() == 0) worker(id, seed, i, nops, dir, dir ? argv[6][i] : '-');
  int failed = 0;
  for (int st; wait(&st) > 0;)
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) failed++;
  unsigned short vals[2 + MAXPROC];
  union semun arg = {.array = vals};
  if (semctl(id, 0, GETALL, arg) < 0) {
    perror("GETALL");
    return 1;
  }
  long total = 0;
  static struct op ops[MAXOPS];
  for (int i = 0; i < nproc; i++) {
    script(seed, i, nops, ops);
    for (int k = 0; k < nops; k++)
      if (ops[k].num == 1 && ops[k].flg == 0) total += ops[k].delta;
  }
  printf("final");
  for (int i = 0; i < 2 + nproc; i++) printf(" %d", vals[i]);
  printf("\nexpected %d %ld", POOL, total);
  for (int i = 0; i < nproc; i++) printf(" %d", nops);
  printf("\nfailed %d\n", failed);
  return failed ? 1 : 0;
}
