/* A sleeper killed in semop leaves its queue at its wakeup, before it exits: a parent that learns of the
 * kill from its pipe's EOF no longer counts it in GETNCNT / GETZCNT, and a +1 it posts then (or a SETVAL
 * to 0, for a wait-for-zero) is not taken by the dead sleeper. Sleepers of one process, and one thread of
 * two sleeping while the other is killed with it (a process-wide SIGKILL). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

enum { ROUNDS = 200 };
static int id;

static void *sleep_too(void *arg) {
  (void)arg;
  struct sembuf down = {1, -1, 0};
  semop(id, &down, 1);
  return NULL;
}

/* The child: a thread sleeping on semaphore 1 (kind 2), then a sleep of its own on semaphore 0 — a -1
 * (kinds 0 and 2) or a wait for zero (kind 1). The write end of the pipe closes when it exits. */
static void child(int kind) {
  if (kind == 2) {
    pthread_t t;
    pthread_create(&t, NULL, sleep_too, NULL);
  }
  struct sembuf op = {0, kind == 1 ? 0 : -1, 0};
  semop(id, &op, 1);
  _exit(0);
}

static int count(int num, int cmd) { return semctl(id, num, cmd); }

/* One round: 1 when the dead sleeper was still seen (counted, or taking what was posted). */
static int round_of(int kind) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t c = fork();
  if (c == 0) {
    close(p[0]);
    child(kind);
  }
  close(p[1]);
  int cmd = kind == 1 ? GETZCNT : GETNCNT;
  while (count(0, cmd) != 1 || (kind == 2 && count(1, GETNCNT) != 1)) usleep(100);
  kill(c, SIGKILL);
  char b;
  while (read(p[0], &b, 1) > 0) {
  }
  close(p[0]);
  int seen = count(0, cmd) != 0 || (kind == 2 && count(1, GETNCNT) != 0);
  if (kind == 1) {
    semctl(id, 0, SETVAL, 0);
  } else {
    struct sembuf up = {0, 1, 0};
    if (semop(id, &up, 1) != 0) return -1;
    if (semctl(id, 0, GETVAL) != 1) seen = 1;
  }
  waitpid(c, NULL, 0);
  semctl(id, 0, SETVAL, kind == 1 ? 1 : 0);
  return seen;
}

int main(void) {
  static const char *what[] = {"semop -1", "wait for zero", "semop -1 with a sleeping thread"};
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  if (id < 0) return 1;
  for (int kind = 0; kind < 3; kind++) {
    semctl(id, 0, SETVAL, kind == 1 ? 1 : 0);
    int seen = 0;
    for (int i = 0; i < ROUNDS; i++) {
      int s = round_of(kind);
      if (s < 0) return 1;
      seen += s;
    }
    printf("%s: killed sleeper gone at EOF in %d of %d\n", what[kind], ROUNDS - seen, ROUNDS);
  }
  semctl(id, 0, IPC_RMID);
  return 0;
}
