"""A kernel manager for parallel execution: IPC sockets instead of TCP ports, and a quiet stderr.

Kernels started at the same moment over TCP can pick the same free port (papermill#511); Unix
sockets in a private folder cannot collide. The kernel's own log goes to a file, not the terminal.
"""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

# Kernels this process has started and not yet cleaned up, so that a stopped worker can end them.
RUNNING: set[IPCKernelManager] = set()
PREFIX = "shuanggao-kernel-"


def remove_stale_socket_folders() -> None:
    """Socket folders left by workers that were killed (their pid is in the folder's name)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).partition("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


class IPCKernelManager(AsyncKernelManager):
    # Set by the worker before it executes a notebook.
    stderr_path: str | None = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self._socket_dir = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
        self.ip = os.path.join(self._socket_dir, "kernel")
        RUNNING.add(self)

    def kill_now(self) -> None:
        """End the kernel and its children at once (from a signal handler: no event loop needed)."""
        pid = getattr(self.provisioner, "pid", None) if self.provisioner else None
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)  # the kernel leads its own session
            except (ProcessLookupError, PermissionError):
                pass
        shutil.rmtree(self._socket_dir, ignore_errors=True)
        RUNNING.discard(self)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if IPCKernelManager.stderr_path:
            kw["stderr"] = open(IPCKernelManager.stderr_path, "ab")  # noqa: SIM115 - owned by the kernel process
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            RUNNING.discard(self)
