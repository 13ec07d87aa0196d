/* Bad pointers, bad sizes and unknown commands: the errno of each, in the kernel's order. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SHOW(expr)                                                                   \
  do {                                                                               \
    errno = 0;                                                                       \
    long r_ = (expr);                                                                \
    printf("%-60s %ld %s\n", #expr, r_, r_ < 0 ? strerrorname_np(errno) : "");       \
  } while (0)

int main(void) {
  int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
  struct sembuf ok = {0, 1, 0};
  char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(page + 4096, 4096);
  struct sembuf *edge = (struct sembuf *)(page + 4096 - 6);
  *edge = ok;
  struct timespec ts = {1, 0};
  SHOW(semop(id, NULL, 1));
  SHOW(semop(-1, NULL, 1));
  SHOW(semop(id, NULL, 0));
  SHOW(semop(id, NULL, 501));
  SHOW(syscall(SYS_semop, id, &ok, 0xffffffffUL));
  SHOW(semop(id, edge, 1));
  SHOW(semop(id, edge, 2));
  SHOW(semtimedop(id, &ok, 1, (void *)1));
  SHOW(semtimedop(-1, &ok, 1000, (void *)1));
  SHOW(semtimedop(999999, &ok, 1, &ts));
  SHOW(syscall(SYS_semctl, id, 0, IPC_STAT, NULL));
  SHOW(syscall(SYS_semctl, id, 0, IPC_SET, NULL));
  SHOW(syscall(SYS_semctl, 12345, 0, IPC_SET, NULL));
  SHOW(syscall(SYS_semctl, -1, 0, IPC_SET, NULL));
  SHOW(syscall(SYS_semctl, id, 0, GETALL, NULL));
  SHOW(syscall(SYS_semctl, id, 0, SETALL, NULL));
  SHOW(syscall(SYS_semctl, id, 0, SETALL, page + 4096 - 2));
  SHOW(syscall(SYS_semctl, id, 0, IPC_INFO, NULL));
  SHOW(syscall(SYS_semctl, id, 0, SEM_STAT, NULL));
  SHOW(syscall(SYS_semctl, id, 0, 99, NULL));
  SHOW(syscall(SYS_semctl, id, 0, IPC_STAT | 0x100, NULL));
  SHOW(syscall(SYS_semctl, id, 0, SETVAL, 40000));
  SHOW(syscall(SYS_semctl, id, 7, SETVAL, 1));
  SHOW(syscall(SYS_semctl, id, 7, GETVAL, 0));
  SHOW(syscall(SYS_semget, IPC_PRIVATE, -1, 0600));
  SHOW(syscall(SYS_semget, 0x5eed, 1, 0600));
  unsigned short vals[3] = {1, 40000, 3};
  SHOW(syscall(SYS_semctl, id, 0, SETALL, vals));
  vals[1] = 2;
  SHOW(syscall(SYS_semctl, id, 0, SETALL, vals));
  unsigned short got[4] = {9, 9, 9, 9};
  SHOW(syscall(SYS_semctl, id, 0, GETALL, got));
  printf("GETALL %u %u %u %u (the fourth untouched)\n", got[0], got[1], got[2], got[3]);

  /* IPC_STAT writes the whole structure: every byte but the times. */
  unsigned char ds[112];
  memset(ds, 0xaa, sizeof ds);
  SHOW(syscall(SYS_semctl, id, 0, IPC_STAT, ds));
  memset(ds + 48, 0, 8);
  memset(ds + 64, 0, 8);
  printf("semid64_ds:");
  for (int i = 0; i < 112; i++) printf("%s%02x", i % 8 ? "" : " ", ds[i]);
  printf("\n");
  unsigned char si[44];
  memset(si, 0xaa, sizeof si);
  SHOW(syscall(SYS_semctl, 0, 0, IPC_INFO, si));
  SHOW(syscall(SYS_semctl, 0, 0, SEM_INFO, si));
  printf("seminfo:");
  for (int i = 0; i < 44; i++) printf("%s%02x", i % 4 ? "" : " ", si[i]);
  printf("\n");
  struct semid_ds set;
  memset(&set, 0, sizeof set);
  set.sem_perm.uid = (uid_t)-1;
  SHOW(semctl(id, 0, IPC_SET, &set));
  set.sem_perm.uid = 4294967294u;
  set.sem_perm.mode = 0170640;
  SHOW(semctl(id, 0, IPC_SET, &set));
  struct semid_ds st;
  SHOW(semctl(id, 0, IPC_STAT, &st));
  printf("uid %u mode %o\n", st.sem_perm.uid, st.sem_perm.mode);
  SHOW(semctl(id, 0, IPC_RMID));
  return 0;
}
