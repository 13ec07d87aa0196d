/* Two processes sharing one undo list (clone with CLONE_SYSVSEM): each adds to set 0 with SEM_UNDO, then
 * both print their pids and wait to be killed. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  struct sembuf up = {0, 2, SEM_UNDO};
  if (id < 0 || semop(id, &up, 1) < 0) return 1;
  pid_t c = (pid_t)syscall(SYS_clone, CLONE_SYSVSEM | SIGCHLD, NULL, NULL, NULL, NULL);
  if (c < 0) return 1;
  if (c == 0) {
    struct sembuf more = {1, 3, SEM_UNDO};
    if (semop(id, &more, 1) < 0) _exit(1);
    printf("child %d\n", getpid());
    for (;;) pause();
  }
  printf("parent %d\n", getpid());
  for (;;) pause();
}
