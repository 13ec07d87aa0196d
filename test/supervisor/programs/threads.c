/* Threads share their process's undo list: a thread's SEM_UNDO is given back when the process exits,
   not when the thread does; a thread blocked in semop is woken by another. */
#include <pthread.h>
#include <stdio.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

static int id;

static void *undo_plus_two(void *arg) {
  (void)arg;
  struct sembuf up = {0, 2, SEM_UNDO};
  semop(id, &up, 1);
  return NULL;
}

static void *sleep_then_report(void *arg) {
  (void)arg;
  struct sembuf down = {1, -1, 0};
  int r = semop(id, &down, 1);
  printf("thread woke: %d\n", r);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  pid_t c = fork();
  if (c == 0) {
    pthread_t t;
    pthread_create(&t, NULL, undo_plus_two, NULL);
    pthread_join(t, NULL);
    printf("thread exited, value %d\n", semctl(id, 0, GETVAL));
    pthread_create(&t, NULL, sleep_then_report, NULL);
    while (semctl(id, 1, GETNCNT) != 1) usleep(1000);
    struct sembuf up = {1, 1, 0};
    semop(id, &up, 1);
    pthread_join(t, NULL);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  printf("process exited, value %d\n", semctl(id, 0, GETVAL));
  semctl(id, 0, IPC_RMID);
  return 0;
}
