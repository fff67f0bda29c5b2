"""Worker processes for the check and the editions: forked, and gone when the build is gone."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from multiprocessing.context import ForkContext

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def fork_context() -> ForkContext:
    """Workers are forked so that they share the checked content with the build instead of
    loading it again."""
    return multiprocessing.get_context("fork")


def die_with_parent(parent: int) -> None:
    """Worker initializer: have Linux kill this worker when the build that forked it dies.

    A build killed with SIGKILL runs no cleanup, and its workers would wait on their task
    queue for ever, each holding its share of the corpus in memory.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the request was made
        os._exit(1)
