/* Two processes that take turns through two semaphores: every turn wakes the other one from its sleep,
 * and every other turn adds 1 with SEM_UNDO to a fourth semaphore, which their exits take back. A third
 * process waits for zero on a semaphore the turns bring down to zero. Prints what the set holds at the end.
 * Usage: ping-pong [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

static int id;

static int op(int num, int delta, int flg) {
  struct sembuf b = {(unsigned short)num, (short)delta, (short)flg};
  return semop(id, &b, 1);
}

/* Waits on `mine`, posts `theirs`, `rounds` times; the count of turns it got. */
static int player(int mine, int theirs, int rounds) {
  int got = 0;
  for (int i = 0; i < rounds; i++) {
    if (op(mine, -1, 0) != 0) break;
    got++;
    if (i % 2 && op(3, 1, SEM_UNDO) != 0) break;
    if (op(theirs, 1, 0) != 0) break;
  }
  return got;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 300;
  setvbuf(stdout, NULL, _IONBF, 0);
  id = semget(IPC_PRIVATE, 4, IPC_CREAT | 0600);
  if (id < 0) return 1;
  semctl(id, 2, SETVAL, rounds);
  pid_t zero = fork();
  if (zero == 0) _exit(op(2, 0, 0) == 0 ? 0 : 1);
  pid_t ping = fork();
  if (ping == 0) {
    int got = player(0, 1, rounds);
    for (int i = 0; i < got; i++) op(2, -1, 0);
    _exit(got == rounds ? 0 : 2);
  }
  pid_t pong = fork();
  if (pong == 0) _exit(player(1, 0, rounds) == rounds ? 0 : 3);
  op(0, 1, 0);
  int st, bad = 0;
  for (int i = 0; i < 3; i++) {
    pid_t c = wait(&st);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      printf("%s ended with %d\n", c == zero ? "the zero waiter" : c == ping ? "ping" : "pong", st);
      bad = 1;
    }
  }
  printf("%d rounds: values %d %d %d %d, waiting %d/%d %d/%d\n", rounds, semctl(id, 0, GETVAL),
         semctl(id, 1, GETVAL), semctl(id, 2, GETVAL), semctl(id, 3, GETVAL), semctl(id, 0, GETNCNT),
         semctl(id, 0, GETZCNT), semctl(id, 2, GETNCNT), semctl(id, 2, GETZCNT));
  semctl(id, 0, IPC_RMID);
  return bad;
}
