/* exit_sem comes before exit_files: a parent that learns of a child's end from its pipe's EOF, without
 * waiting for it, already sees the child's undo done — single-threaded children, children whose
 * main thread ends the process while another thread runs, and children killed with SIGKILL. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

enum { ROUNDS = 300 };
static int id;

static void *spin(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

/* The child: +1 with SEM_UNDO, one byte to say so, then its end. */
static void child(int kind, int fd) {
  if (kind == 1) {
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
  }
  struct sembuf up = {0, 1, SEM_UNDO};
  if (semop(id, &up, 1) != 0) _exit(2);
  if (write(fd, "u", 1) != 1) _exit(3);
  if (kind == 2) pause();
  exit(0);
}

static int round_of(int kind) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t c = fork();
  if (c == 0) {
    close(p[0]);
    child(kind, p[1]);
  }
  close(p[1]);
  char b;
  if (read(p[0], &b, 1) != 1) return -1;
  if (kind == 2) kill(c, SIGKILL);
  while (read(p[0], &b, 1) > 0) {
  }
  close(p[0]);
  int v = semctl(id, 0, GETVAL);
  waitpid(c, NULL, 0);
  return v;
}

int main(void) {
  static const char *what[] = {"exit", "exit with a thread running", "SIGKILL"};
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  if (id < 0) return 1;
  for (int kind = 0; kind < 3; kind++) {
    int late = 0;
    for (int i = 0; i < ROUNDS; i++) {
      int v = round_of(kind);
      if (v < 0) return 1;
      if (v != 0) late++;
      if (semctl(id, 0, GETVAL) != 0) return 1;
    }
    printf("%s: undo done at EOF in %d of %d\n", what[kind], ROUNDS - late, ROUNDS);
  }
  semctl(id, 0, IPC_RMID);
  return 0;
}
