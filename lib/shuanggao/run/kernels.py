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
from traitlets import Unicode

PREFIX = "shuanggao-kernel-"
BACKEND = "Agg"


def end_kernels_of(pid: int) -> None:
    """End at once every kernel process `pid` started, with its children, and remove its socket folders (from
    a signal handler: no event loop, no record of the kernels needed, since the process tree is the record)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The fields after the command's closing parenthesis: state, parent pid, …
            parent = int(stat.read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid:
            try:
                os.killpg(int(stat.parent.name), signal.SIGKILL)  # a kernel leads its own session
            except (ProcessLookupError, PermissionError):
                pass
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}{pid}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_socket_folders() -> None:
    """Socket folders left by workers that were killed (their pid is in the folder's name)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).partition("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


class IPCKernelManager(AsyncKernelManager):
    # A trait, so that papermill passes it through nbclient's `config` to the manager nbclient creates:
    # pm.execute_notebook(…, config=kernel_config(log)).
    kernel_log = Unicode(None, allow_none=True, config=True, help="file the kernel's stderr is appended to")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self._socket_dir = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
        self.ip = os.path.join(self._socket_dir, "kernel")

    def kill_now(self) -> None:
        """End the kernel and its children at once (from a signal handler: no event loop needed)."""
        pid = getattr(self.provisioner, "pid", None) if self.provisioner else None
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)  # the kernel leads its own session
            except (ProcessLookupError, PermissionError):
                pass
        shutil.rmtree(self._socket_dir, ignore_errors=True)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        # The book's figures are files: drawn with Agg, never shown (the library leaves an analyst's backend alone).
        kw["env"] = {**(kw.get("env") or os.environ), "MPLBACKEND": BACKEND}
        if self.kernel_log:
            kw["stderr"] = open(self.kernel_log, "ab")  # noqa: SIM115 - owned by the kernel process
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


def kernel_config(log: Path | None):
    """The traitlets configuration that gives the kernel papermill starts its log file."""
    from traitlets.config import Config

    return Config({"IPCKernelManager": {"kernel_log": str(log) if log else None}})


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

        self.km = IPCKernelManager(kernel_name=kernel_name, kernel_log=str(log) if log else None)
        asyncio.run(self.km.start_kernel())
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
