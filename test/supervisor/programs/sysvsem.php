<?php
// PHP's sysvsem extension (sem_get with auto_release: its semops carry SEM_UNDO): a holder that dies
// without sem_release gives its unit back, a non-blocking acquire fails while the units are taken.
$key = ftok(__FILE__, 's');
$sem = sem_get($key, 2, 0600, true);
echo "acquire: ", var_export(sem_acquire($sem), true), "\n";
echo "acquire: ", var_export(sem_acquire($sem, true), true), "\n";
echo "third, non-blocking: ", var_export(sem_acquire($sem, true), true), "\n";
sem_release($sem);
$pid = pcntl_fork();
if ($pid === 0) {
    $s = sem_get($key, 2, 0600, true);
    echo "child takes the free unit: ", var_export(sem_acquire($s, true), true), "\n";
    posix_kill(posix_getpid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
echo "child killed: ", var_export(pcntl_wifsignaled($status), true), "\n";
echo "its unit is back: ", var_export(sem_acquire($sem, true), true), "\n";
echo "sets: ", count(file('/proc/sysvipc/sem')) - 1, "\n";
echo "removed: ", var_export(sem_remove($sem), true), "\n";
