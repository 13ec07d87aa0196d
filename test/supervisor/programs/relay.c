/* Counts the SIGTERM, SIGHUP and SIGINT it gets; says "ready" once its handlers are in place and ends
   after it has seen all three (or after 10 s). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t term, hup, intr;
static void on(int s) {
  if (s == SIGTERM) term++;
  if (s == SIGHUP) hup++;
  if (s == SIGINT) intr++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  printf("ready\n");
  fflush(stdout);
  for (int i = 0; i < 1000 && !(term && hup && intr); i++) usleep(10000);
  usleep(100000);
  printf("TERM %d HUP %d INT %d\n", term, hup, intr);
  return 0;
}
