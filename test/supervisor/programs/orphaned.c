/* What a session's programs see when its keeper (semundo run) dies, and then its server: a call made after
   the keeper's death is still served; a process asleep in semop fails with ENOSYS (38) once no server is
   left. Says "ready" once its child sleeps, then waits until its parent (semundo run) is gone. */
#include <errno.h>
#include <stdio.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t parent = getppid();
  int id = semget(IPC_PRIVATE, 1, 0600);
  if (id < 0) return perror("semget"), 1;
  pid_t c = fork();
  if (c == 0) {
    struct sembuf down = {0, -1, 0};
    int r = semop(id, &down, 1);
    printf("sleeper: %d errno %d\n", r, r < 0 ? errno : 0);
    return 0;
  }
  while (semctl(id, 0, GETNCNT) != 1) usleep(1000);
  printf("ready %d %d\n", (int)getpid(), (int)c);
  fflush(stdout);
  while (getppid() == parent) usleep(1000);
  int r = semctl(id, 0, GETVAL);
  printf("after: %d errno %d\n", r, r < 0 ? errno : 0);
  fflush(stdout);
  waitpid(c, NULL, 0);
  return 0;
}
