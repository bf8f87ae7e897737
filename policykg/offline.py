"""Cut a process off the network: a Linux network namespace of its own, whose only interface is a loopback that is down.

Used by the query worker (``queries.worker``): pyoxigraph evaluates ``SERVICE`` with its own HTTP
client, so the worker must be unable to connect anywhere, whatever query reaches it. After
``cut_off_network()`` every ``connect`` fails with "Network is unreachable" (127.0.0.1 included)
and names do not resolve; pipes and files work as before.

``unshare(CLONE_NEWNET)`` needs ``CAP_SYS_ADMIN`` (root); without it a user namespace is made
first (``CLONE_NEWUSER | CLONE_NEWNET``), which most kernels allow to anyone. Both must happen
while the process has one thread. Where the kernel refuses both (some containers, other systems),
the process stays connected and the caller warns: then only the query check (``queries.safety``)
keeps requests from leaving.
"""

from __future__ import annotations

import ctypes
import os
import socket
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def cut_off_network() -> str | None:
    """Leave the network; None when done, else one line saying why not."""
    if not sys.platform.startswith("linux"):
        return f"network namespaces are Linux only (this is {sys.platform})"
    try:
        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError) as exc:
        return f"unshare is not available: {exc}"
    refusals = []
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if unshare(flags) == 0:
            return None if is_offline() else "unshare succeeded but 127.0.0.1 is still reachable"
        refusals.append(os.strerror(ctypes.get_errno()))
    return "the kernel refused a network namespace (" + "; ".join(dict.fromkeys(refusals)) + ")"


def is_offline() -> bool:
    """Whether this process cannot route to 127.0.0.1 (a UDP ``connect`` sends nothing)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError:
        return True
    finally:
        probe.close()
    return False
