#define _GNU_SOURCE
/* What a program inherits: its arguments, environment, working directory, umask, open descriptors and
   their flags, signal dispositions and mask, and RLIMIT_NOFILE. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++) printf("argv[%d] = %s\n", i, i == 0 ? "(program)" : argv[i]);
  printf("SEMUNDO_T = %s\n", getenv("SEMUNDO_T") ? getenv("SEMUNDO_T") : "(unset)");
  char cwd[4096];
  printf("cwd = %s\n", getcwd(cwd, sizeof cwd));
  mode_t m = umask(0);
  printf("umask = %03o\n", m);
  DIR *d = opendir("/proc/self/fd");
  int dfd = dirfd(d);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    int fd = atoi(e->d_name);
    if (fd == dfd) continue;
    printf("fd %d: fd flags %d, status flags %o\n", fd, fcntl(fd, F_GETFD), fcntl(fd, F_GETFL) & ~O_LARGEFILE);
  }
  closedir(d);
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "SigBlk", 6) || !strncmp(line, "SigIgn", 6) || !strncmp(line, "SigCgt", 6)) fputs(line, stdout);
  fclose(f);
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  printf("RLIMIT_NOFILE %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
  return argc;
}
