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


# The heavy imports every page makes; a spare kernel runs them before it is given a notebook. They are not
# counted in the execution count, so the executed notebook is numbered as papermill numbers it.
WARM_UP = ("import pandas, seaborn, matplotlib.pyplot, ipywidgets\n"
           "from shuanggao.pages import Page, theme\nfrom shuanggao.figures import charts, style\n")


class Spare:
    """A kernel started, and importing, while this worker's current notebook runs on another kernel: the
    next notebook starts on it without waiting for the start-up and the imports (bench/kernels.py). It is
    fresh apart from those imports, so no state passes from one chapter to the next."""

    def __init__(self, kernel_name: str, log: Path | None):
        import asyncio

        from jupyter_client import BlockingKernelClient

        before, IPCKernelManager.stderr_path = IPCKernelManager.stderr_path, str(log) if log else None
        try:
            self.km = IPCKernelManager(kernel_name=kernel_name)
            asyncio.run(self.km.start_kernel())
        finally:
            IPCKernelManager.stderr_path = before
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        self.pending = self.kc.execute(WARM_UP, store_history=False, silent=True)

    def take(self, cwd: Path, timeout: float = 120) -> IPCKernelManager | None:
        """The warm kernel, moved to `cwd`; None (and the kernel ended) if it did not warm up."""
        try:
            for msg_id in (self.pending, self.kc.execute(f"import os; os.chdir({str(cwd)!r})",
                                                         store_history=False, silent=True)):
                while True:
                    reply = self.kc.get_shell_msg(timeout=timeout)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(reply["content"].get("evalue"))
        except Exception:
            self.end()
            return None
        finally:
            self.kc.stop_channels()
        return self.km

    def end(self) -> None:
        import asyncio

        try:
            asyncio.run(self.km.shutdown_kernel(now=True))
        except Exception:
            self.km.kill_now()
