/* A daemon: the command's process exits at once, its grandchild (reparented to the subreaper) keeps
   using a semaphore with SEM_UNDO and ends later; the session serves it until then. */
#include <stdio.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  int id = semget(0x5e3a, 1, IPC_CREAT | 0600);
  pid_t c = fork();
  if (c == 0) {
    setsid();
    if (fork() == 0) {
      usleep(300000);
      struct sembuf up = {0, 1, SEM_UNDO};
      int r = semop(id, &up, 1);
      printf("daemon: semop %d, value %d, parent is %s\n", r, semctl(id, 0, GETVAL),
             getppid() == 1 ? "init" : "the subreaper");
      fflush(stdout);
      _exit(0);
    }
    _exit(0);
  }
  waitpid(c, NULL, 0);
  printf("command exits\n");
  fflush(stdout);
  return 4;
}
