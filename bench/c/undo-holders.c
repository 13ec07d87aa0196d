/*
 * Undo entries that wait to be checkpointed (run.checkpoint): N sets in one process's undo list, or N
 * processes with one undo entry each.
 * usage: undo-holders sets|procs N
 * sets: makes N sets of one semaphore and does one semop(+1, SEM_UNDO) on each (an undo list of N
 * entries). procs: makes one set and forks N children that each do one semop(+1, SEM_UNDO) on it,
 * then wait in read() on a pipe. Once all is in place, prints "ready" and waits until its stdin ends;
 * then closes the pipe (the children exit), reaps every child and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

static void hold_sets(int n) {
  struct sembuf up = {0, 1, SEM_UNDO};
  for (int i = 0; i < n; i++) {
    int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    if (id < 0 || semop(id, &up, 1) != 0) perror("undo-holders sets"), exit(1);
  }
}

static int fork_holders(int n) {
  struct sembuf up = {0, 1, SEM_UNDO};
  int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), hold[2], ready[2];
  if (id < 0 || pipe(hold) || pipe(ready)) perror("undo-holders procs"), exit(1);
  for (int i = 0; i < n; i++) {
    pid_t c = fork();
    if (c < 0) perror("fork"), exit(1);
    if (c == 0) {
      char b;
      close(hold[1]);
      if (semop(id, &up, 1) != 0 || write(ready[1], "x", 1) != 1) _exit(1);
      while (read(hold[0], &b, 1) > 0) {
      }
      _exit(0);
    }
  }
  close(hold[0]);
  close(ready[1]);
  for (int got = 0; got < n;) {
    char b[256];
    ssize_t r = read(ready[0], b, sizeof b);
    if (r <= 0) perror("ready"), exit(1);
    got += r;
  }
  return hold[1];
}

int main(int argc, char **argv) {
  if (argc != 3) return fprintf(stderr, "usage: undo-holders sets|procs N\n"), 2;
  int n = atoi(argv[2]), hold = -1;
  if (!strcmp(argv[1], "sets"))
    hold_sets(n);
  else
    hold = fork_holders(n);
  printf("ready\n");
  fflush(stdout);
  char line[64];
  while (fgets(line, sizeof line, stdin)) {
  }
  if (hold >= 0) close(hold);
  while (wait(NULL) > 0) {
  }
  return 0;
}
