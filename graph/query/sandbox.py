"""Kernel-level limits for processes that run untrusted queries.

The query guard keeps SERVICE out of the text; this is the second wall. A query worker (or a
CLI process about to run a query) refuses itself network sockets with a seccomp filter, so a
federated call that slipped past the guard fails inside the engine instead of reaching the
network, and asks the kernel to kill it when its parent dies, so that a killed server leaves
no worker running without its time and memory limits.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import signal
import socket

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_NETWORK_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))


def die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when the process that started it dies (PR_SET_PDEATHSIG).

    The parent may already be gone by the time the child gets here: then it exits at once."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        log.warning("could not ask to die with the parent: %s", os.strerror(ctypes.get_errno()))
    if os.getppid() != parent_pid:
        os._exit(1)


def forbid_network() -> bool:
    """Install a seccomp filter that makes socket(AF_INET | AF_INET6 | AF_PACKET) fail with EACCES.

    Pipes, Unix sockets and files (the store) keep working. Returns False, with a warning, where
    the kernel or libseccomp cannot do it; the query guard still stands."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for family in _NETWORK_FAMILIES:
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except Exception as error:  # noqa: BLE001 - libseccomp missing, or a kernel without seccomp
        log.warning("network sockets could not be forbidden to this query process: %s", error)
        return False
    return True
