/* The session's virtual /proc files from a C program: /proc/self/semundo read and written (with its
   errors), another process's file, chunked reads and lseek, and the sysctls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

static void cat(const char *label, const char *path) {
  char buf[8192];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("%s: open %s\n", label, strerrorname_np(errno));
    return;
  }
  int n = read(fd, buf, sizeof buf);
  printf("%s (%d bytes):\n%.*s", label, n, n > 0 ? n : 0, buf);
  close(fd);
}

static void put(const char *label, const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) {
    printf("%s: open %s\n", label, strerrorname_np(errno));
    return;
  }
  errno = 0;
  long r = write(fd, text, strlen(text));
  printf("%s: write %ld %s\n", label, r, r < 0 ? strerrorname_np(errno) : "");
  close(fd);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int a = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
  int b = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  struct sembuf ops[2] = {{1, 2, SEM_UNDO}, {2, 1, SEM_UNDO}};
  semop(a, ops, 2);
  cat("own list", "/proc/self/semundo");
  char line[128];
  snprintf(line, sizeof line, "%d 1 7\n", b);
  put("write a new entry", "/proc/self/semundo", line);
  put("write a bad line", "/proc/self/semundo", "not a line\n");
  snprintf(line, sizeof line, "%d 3 1 2\n", a);
  put("write a short entry", "/proc/self/semundo", line);
  snprintf(line, sizeof line, "%d 1 40000\n", b);
  put("write out of range", "/proc/self/semundo", line);
  snprintf(line, sizeof line, "%d 1 3", b);
  put("write without newline", "/proc/self/semundo", line);
  cat("after writes", "/proc/thread-self/semundo");

  int fd = open("/proc/self/semundo", O_RDONLY);
  char c;
  int n = 0;
  while (read(fd, &c, 1) == 1) n++;
  lseek(fd, 10, SEEK_SET);
  char tail[16] = {0};
  read(fd, tail, 7);
  printf("byte by byte: %d bytes; at 10: \"%s\"\n", n, tail);
  close(fd);

  int pipefd[2];
  pipe(pipefd);
  pid_t child = fork();
  if (child == 0) {
    struct sembuf take = {0, 4, SEM_UNDO};
    semop(a, &take, 1);
    write(pipefd[1], "x", 1);
    pause();
    _exit(0);
  }
  read(pipefd[0], &c, 1);
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/semundo", child);
  cat("the child's list", path);
  put("writing the child's", path, "1 1 1\n");
  snprintf(path, sizeof path, "/proc/%d/task/%d/semundo", child, child);
  cat("the child's thread file", path);
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  printf("child killed: value of a[0] %d\n", semctl(a, 0, GETVAL));
  cat("a dead child's list", path);

  cat("sysctl", "/proc/sys/kernel/sem");
  put("sysctl write", "/proc/sys/kernel/sem", "250 32000 2 128\n");
  struct sembuf three[3] = {{0, 1, 0}, {1, 1, 0}, {2, 1, 0}};
  errno = 0;
  int r = semop(a, three, 3);
  printf("semop of 3 with semopm 2: %d %s\n", r, strerrorname_np(errno));
  put("sysctl write semmni too big", "/proc/sys/kernel/sem", "250 32000 2 40000\n");
  cat("sysctl now", "/proc/sys/kernel/sem");
  put("sem_next_id", "/proc/sys/kernel/sem_next_id", "777\n");
  printf("next set: %d\n", semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
  cat("sem_next_id after", "/proc/sys/kernel/sem_next_id");
  return 0;
}
