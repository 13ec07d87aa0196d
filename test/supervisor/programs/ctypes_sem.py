# System V semaphores from Python through ctypes: semget, semop, semtimedop, semctl, with os.fork.
import ctypes
import ctypes.util
import errno
import os

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


class Sembuf(ctypes.Structure):
    _fields_ = [("sem_num", ctypes.c_ushort), ("sem_op", ctypes.c_short), ("sem_flg", ctypes.c_short)]


class Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


IPC_PRIVATE, IPC_CREAT, IPC_RMID, IPC_NOWAIT, SEM_UNDO = 0, 0o1000, 0, 0o4000, 0x1000
GETVAL, GETALL, GETNCNT, SETVAL, SETALL = 12, 13, 14, 16, 17


def check(r, what):
    if r < 0:
        e = ctypes.get_errno()
        return f"{what}: {errno.errorcode[e]}"
    return f"{what}: {r}"


def ops(*triples):
    arr = (Sembuf * len(triples))(*[Sembuf(*t) for t in triples])
    return arr, len(triples)


sid = libc.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600)
print(check(sid, "semget"))
vals = (ctypes.c_ushort * 2)(4, 1)
print(check(libc.semctl(sid, 0, SETALL, vals), "SETALL"))
arr, n = ops((0, -3, SEM_UNDO), (1, -1, SEM_UNDO))
print(check(libc.semop(sid, arr, n), "semop"))
print("values", libc.semctl(sid, 0, GETVAL), libc.semctl(sid, 1, GETVAL))
arr, n = ops((1, -1, 0))
ts = Timespec(0, 20_000_000)
print(check(libc.semtimedop(sid, arr, n, ctypes.byref(ts)), "semtimedop 20ms"))
pid = os.fork()
if pid == 0:
    arr, n = ops((1, -1, 0))
    r = libc.semop(sid, arr, n)
    os.write(1, (check(r, "child woke") + "\n").encode())
    os._exit(0)
while libc.semctl(sid, 1, GETNCNT) != 1:
    os.sched_yield()
print("ncnt", libc.semctl(sid, 1, GETNCNT), flush=True)
r = libc.semctl(sid, 1, SETVAL, ctypes.c_int(1))
os.waitpid(pid, 0)
print(check(r, "SETVAL"))
print(check(libc.semctl(sid, 0, IPC_RMID, 0), "IPC_RMID"))
arr, n = ops((0, 1, 0))
print(check(libc.semop(sid, arr, n), "semop after rmid"))
