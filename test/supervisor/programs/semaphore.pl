#!/usr/bin/perl
# IPC::Semaphore and IPC::SysV, as a Perl program uses them: create, set, operate with SEM_UNDO, stat,
# a child that dies holding a semaphore, remove.
use strict;
use warnings;
use IPC::SysV qw(IPC_PRIVATE IPC_CREAT IPC_NOWAIT SEM_UNDO S_IRUSR S_IWUSR GETVAL);
use IPC::Semaphore;
use POSIX ();
$| = 1;

my $sem = IPC::Semaphore->new(IPC_PRIVATE, 3, S_IRUSR | S_IWUSR | IPC_CREAT) or die "semget: $!";
print "id ", $sem->id, "\n";
$sem->setall(2, 0, 5) or die "setall: $!";
print "getall @{[ $sem->getall ]}\n";
$sem->op(0, -1, SEM_UNDO, 2, -5, SEM_UNDO) or die "op: $!";
print "after op @{[ $sem->getall ]}\n";
my $ok = $sem->op(1, -1, IPC_NOWAIT);
print "nowait on 0: ", ($ok ? "ok" : "failed: " . ($! + 0 == POSIX::EAGAIN ? "EAGAIN" : "$!")), "\n";
my $st = $sem->stat;
printf "stat nsems %d mode %o uid==euid %d\n", $st->nsems, $st->mode & 0777, $st->uid == $>;
my $pid = fork();
if ($pid == 0) {
  $sem->op(2, 4, SEM_UNDO);
  POSIX::_exit(0);
}
waitpid($pid, 0);
print "child gave back its undo: @{[ $sem->getall ]}\n";
$pid = fork();
if ($pid == 0) {
  $sem->op(1, -1, 0);
  POSIX::_exit(0);
}
sleep 1 until $sem->getncnt(1) == 1;
print "ncnt ", $sem->getncnt(1), "\n";
kill 'KILL', $pid;
waitpid($pid, 0);
print "after kill ncnt ", $sem->getncnt(1), "\n";
my $raw = semctl($sem->id, 0, GETVAL, 0);
print "semctl GETVAL via IPC::SysV: $raw\n";
$sem->remove;
print "removed; op now: ", ($sem->op(0, 1, 0) ? "ok" : ($! + 0 == POSIX::EINVAL ? "EINVAL" : "$!")), "\n";
