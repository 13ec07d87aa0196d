/* unshare(CLONE_SYSVSEM) gives back the undo of its last holder, a thread that unshares keeps its own list,
   unshare(CLONE_NEWIPC) and setns move a thread between namespaces (detaching its list), a child unshares. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>
static int id;
static void *t_unshare(void *a) { (void)a; struct sembuf u = {0, 5, SEM_UNDO}; semop(id, &u, 1); unshare(CLONE_SYSVSEM); printf("thread after unshare: %d\n", semctl(id, 0, GETVAL)); struct sembuf v = {0, 1, SEM_UNDO}; semop(id, &v, 1); return NULL; }
int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  struct sembuf up = {0, 2, SEM_UNDO};
  semop(id, &up, 1);
  printf("before unshare: %d\n", semctl(id, 0, GETVAL));
  int r = unshare(CLONE_SYSVSEM);
  printf("unshare(CLONE_SYSVSEM) %d: value %d (undo given back)\n", r, semctl(id, 0, GETVAL));
  pthread_t t; pthread_create(&t, NULL, t_unshare, NULL); pthread_join(t, NULL);
  /* pthread_join returns once the thread has left its memory (exit_mm), before its do_exit reaches
     exit_sem: the kernel gives its undo back a moment later. Wait for that moment (at most a second). */
  for (int i = 0; i < 100 && semctl(id, 0, GETVAL) != 5; i++) usleep(10000);
  printf("thread exited: value %d\n", semctl(id, 0, GETVAL));
  int home = open("/proc/self/ns/ipc", O_RDONLY);
  r = unshare(CLONE_NEWIPC);
  errno = 0;
  int v = semctl(id, 0, GETVAL);
  printf("unshare(CLONE_NEWIPC) %d: old id now %d %s\n", r, v, strerrorname_np(errno));
  int id2 = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  printf("new namespace's first id %d\n", id2);
  r = setns(home, CLONE_NEWIPC);
  printf("setns back %d: value %d\n", r, semctl(id, 0, GETVAL));
  pid_t c = fork();
  if (c == 0) { unshare(CLONE_NEWIPC); printf("child in new ns: semget %d\n", semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)); _exit(0); }
  waitpid(c, NULL, 0);
  return 0;
}
