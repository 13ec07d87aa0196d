#!/bin/sh
# /proc/sysvipc/sem as a process of the server sees it: the fresh namespace's, or the session's model.
printf 'Content-Type: text/plain\r\n\r\n'
exec cat /proc/sysvipc/sem
