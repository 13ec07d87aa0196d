/*
 * The C reference supervisor: the speed limit of seccomp user notification on this machine.
 * usage: c-supervisor answer|read|continue|handoff NR[,NR...] -- COMMAND [ARGS...]
 * Runs COMMAND under a filter that sends the listed system calls to this process, which answers each
 * with 0 ("answer"; "read" first reads a semop's sembufs with process_vm_readv, as any supervisor that
 * serves semop must) or lets the kernel run it ("continue"), doing nothing else: poll + RECV + SEND on
 * one thread, with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP when the kernel has it. Exits with COMMAND's
 * status; prints "sync_wake_up 1|0" and the number of notifications served on stderr.
 * "handoff" serves nothing itself: it execs $HANDOFF_NODE $HANDOFF_SCRIPT with the listener at fd 3
 * (bench/node-floor.ts), COMMAND staying its child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1
#endif
#define AUDIT_ARCH_X86_64 0xc000003e
#define MAX_NRS 16

static int install(const int *nrs, int n) {
  struct sock_filter f[4 + MAX_NRS + 2];
  int k = 0;
  f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, n + 1);
  f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
  for (int i = 0; i < n; i++)
    f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], n - i, 0);
  f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
  struct sock_fprog prog = {.len = k, .filter = f};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return -1;
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

static void send_fd(int sock, int fd) {
  char c = 0, ctl[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {&c, 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &fd, sizeof fd);
  if (sendmsg(sock, &m, 0) < 0) perror("sendmsg"), exit(125);
}

static int recv_fd(int sock) {
  char c, ctl[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {&c, 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  if (recvmsg(sock, &m, 0) <= 0) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
  return fd;
}

int main(int argc, char **argv) {
  if (argc < 5 || strcmp(argv[3], "--")) return fprintf(stderr, "usage: c-supervisor answer|read|continue|handoff NR[,NR...] -- COMMAND...\n"), 2;
  int cont = !strcmp(argv[1], "continue");
  int readmode = !strcmp(argv[1], "read");
  int nrs[MAX_NRS], n = 0;
  for (char *p = strtok(argv[2], ","); p && n < MAX_NRS; p = strtok(NULL, ",")) nrs[n++] = atoi(p);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  pid_t child = fork();
  if (child == 0) {
    close(sv[0]);
    int lfd = install(nrs, n);
    if (lfd < 0) perror("seccomp"), exit(125);
    send_fd(sv[1], lfd);
    close(lfd);
    close(sv[1]);
    execvp(argv[4], argv + 4);
    perror("execvp");
    _exit(127);
  }
  close(sv[1]);
  int lfd = recv_fd(sv[0]);
  if (lfd < 0) return fprintf(stderr, "no listener\n"), 125;
  if (!strcmp(argv[1], "handoff")) {
    const char *node = getenv("HANDOFF_NODE"), *script = getenv("HANDOFF_SCRIPT");
    if (!node || !script) return fprintf(stderr, "handoff needs HANDOFF_NODE and HANDOFF_SCRIPT\n"), 2;
    if (dup2(lfd, 3) < 0) return perror("dup2"), 125;
    execl(node, node, script, (char *)NULL);
    return perror("execl"), 127;
  }
  int sync = ioctl(lfd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0;
  struct seccomp_notif req;
  struct seccomp_notif_resp resp;
  long served = 0;
  for (;;) {
    struct pollfd p = {lfd, POLLIN, 0};
    if (poll(&p, 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (p.revents & POLLIN) {
      memset(&req, 0, sizeof req);
      if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) continue;
      if (readmode && (req.data.nr == SYS_semop || req.data.nr == SYS_semtimedop)) {
        char sops[6 * 64];
        size_t len = 6 * (req.data.args[2] < 64 ? req.data.args[2] : 64);
        struct iovec l = {sops, len}, r = {(void *)req.data.args[1], len};
        process_vm_readv(req.pid, &l, 1, &r, 1, 0);
      }
      memset(&resp, 0, sizeof resp);
      resp.id = req.id;
      if (cont) resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
      ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
      served++;
    } else if (p.revents & (POLLHUP | POLLERR))
      break;
  }
  int st;
  waitpid(child, &st, 0);
  fprintf(stderr, "sync_wake_up %d served %ld\n", sync, served);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
