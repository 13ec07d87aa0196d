/* SEM_UNDO across fork, exit and SIGKILL: what a parent sees after it reaps a child. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

static int id;
static void show(const char *what) {
  printf("%-28s vals %d %d  ncnt %d zcnt %d\n", what, semctl(id, 0, GETVAL), semctl(id, 1, GETVAL),
         semctl(id, 0, GETNCNT), semctl(id, 1, GETZCNT));
  fflush(stdout);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  printf("semget %d\n", id);
  struct sembuf up = {0, 3, SEM_UNDO};
  printf("semop +3 undo: %d\n", semop(id, &up, 1));
  show("after +3");
  pid_t c = fork();
  if (c == 0) {
    struct sembuf down = {0, -2, SEM_UNDO};
    semop(id, &down, 1);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  show("child -2 undo, exited");
  c = fork();
  if (c == 0) {
    struct sembuf take = {0, -1, SEM_UNDO};
    semop(id, &take, 1);
    struct sembuf block = {1, -1, 0};
    semop(id, &block, 1); /* sleeps until killed */
    _exit(1);
  }
  while (semctl(id, 1, GETNCNT) != 1) usleep(1000);
  show("child holds 1, sleeps");
  kill(c, SIGKILL);
  int st;
  waitpid(c, &st, 0);
  printf("child killed by %d\n", WTERMSIG(st));
  show("after SIGKILL");
  c = fork();
  if (c == 0) {
    struct sembuf z = {1, 0, 0};
    printf("child wait-for-zero: %d\n", semop(id, &z, 1));
    _exit(0);
  }
  waitpid(c, NULL, 0);
  struct sembuf set1 = {1, 1, 0};
  semop(id, &set1, 1);
  c = fork();
  if (c == 0) {
    struct sembuf z = {1, 0, 0};
    printf("child woken from zero-wait: %d\n", semop(id, &z, 1));
    _exit(0);
  }
  while (semctl(id, 1, GETZCNT) != 1) usleep(1000);
  show("zero-waiter asleep");
  struct sembuf down1 = {1, -1, 0};
  semop(id, &down1, 1);
  waitpid(c, NULL, 0);
  show("zero-waiter done");
  printf("GETPID is the parent: %d\n", semctl(id, 1, GETPID) == getpid());
  printf("rmid %d, again %d (%s)\n", semctl(id, 0, IPC_RMID), semctl(id, 0, IPC_RMID), strerror(errno));
  return 0;
}
