"""Warm kernels: one kernel per worker runs chapter after chapter, reset between them.

Starting a kernel and importing pandas, Altair and the package costs about two seconds, and
vl-convert's first drawing half a second more; the chapters themselves take less. A build (and
every edition multiplies the chapters) therefore starts one kernel per worker, imports once,
and before each chapter gives the kernel a new session (:mod:`isilbook.publish.session`): empty
namespace, execution count 1, same working directory. The outputs are those of a new kernel
(``tests/test_build.py`` runs a built chapter again in a new kernel and compares the bytes;
strict nbval re-runs every chapter on warm kernels of its own, in another order). A kernel
whose chapter failed or timed out is shut down, never reused.

Execution still goes through papermill: a small engine lends the running kernel to papermill's
own notebook client and closes the client's channels afterwards (papermill's default engine
leaves a borrowed kernel's client open).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from isilbook.errors import BuildError

#: The papermill engine name under which a warm kernel is lent.
ENGINE = "isilbook-warm"
#: Seconds a kernel may take to start and import what the chapters import.
START_TIMEOUT = 120


class _BorrowingClient(PapermillNotebookClient):
    """Papermill's notebook client, closing its own channels to a kernel it does not own."""

    def execute(self, **kwargs):
        try:
            return super().execute(**kwargs)
        finally:
            if self.kc is not None:
                self.kc.stop_channels()
                self.kc = None


class WarmKernelEngine(NBClientEngine):
    """Papermill's nbclient engine, run on a kernel passed in as ``km``."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 km=None, **kwargs):
        if km is None:
            raise ValueError(f"the {ENGINE} engine runs on a kernel passed as km")
        kwargs.pop("input_path", None)
        client = _BorrowingClient(
            nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file)
        return client.execute()


papermill_engines.register(ENGINE, WarmKernelEngine)


class WarmKernel:
    """One running kernel with the chapters' imports done."""

    def __init__(self, cwd: Path, modules: list[str], arguments: list[str]):
        self.manager = AsyncKernelManager(kernel_name="python3")
        try:
            # Like papermill's own kernels: no history file on disk.
            run_sync(self.manager.start_kernel)(
                cwd=str(cwd),
                extra_arguments=[*arguments, "--HistoryManager.hist_file=:memory:"])
        except Exception as error:  # no such kernel, cannot spawn, ...
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise BuildError(f"a kernel for the chapters could not be started: {message}"
                             ) from None
        try:
            self.run_silently(f"from isilbook.publish import session as _isil_session\n"
                              f"_isil_session.warm({modules!r})")
        except BaseException:
            self.shutdown()
            raise

    def run_silently(self, code: str) -> None:
        """Run code in the kernel outside the chapter's history (no execution count)."""
        client = self.manager.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=START_TIMEOUT)
            content = silent_execute(client, code, START_TIMEOUT)
        except (RuntimeError, TimeoutError) as error:
            raise BuildError(f"a warm kernel did not answer: {error}") from None
        finally:
            client.stop_channels()
        if content.get("status") != "ok":
            raise BuildError(f"a warm kernel could not be prepared: {content.get('ename')}: "
                             f"{content.get('evalue')}")

    def fresh(self, cwd: Path) -> None:
        """A new session for the next chapter, as a new kernel would give."""
        self.run_silently(fresh_session_code(cwd))

    def shutdown(self) -> None:
        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)


def _ignore(message: dict) -> None:
    """Output of the silent set-up code is not the chapter's: drop it."""


def silent_execute(client, code: str, timeout: float) -> dict:
    """Run code on a kernel outside the chapter's history (no execution count, output dropped)
    and give the reply's content; ``client`` is a blocking kernel client.

    Raises ``RuntimeError`` or ``TimeoutError`` when the kernel does not answer in time.
    """
    return client.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                      output_hook=_ignore)["content"]


def fresh_session_code(cwd: str | Path) -> str:
    """What a warm kernel runs to give the next chapter a new session in ``cwd``."""
    return ("from isilbook.publish import session as _isil_session\n"
            f"_isil_session.fresh({str(cwd)!r})")


class KernelPool:
    """Warm kernels shared by the build's worker threads, started on first use."""

    def __init__(self, cwd: Path, modules: list[str], arguments: list[str]):
        self._cwd, self._modules, self._arguments = cwd, modules, arguments
        self._idle: queue.SimpleQueue[WarmKernel] = queue.SimpleQueue()
        self._all: list[WarmKernel] = []
        self._lock = threading.Lock()
        #: Kernels this pool has started, over its whole life.
        self.started = 0

    @contextmanager
    def kernel(self, cwd: Path) -> Iterator[WarmKernel]:
        """A warm kernel with a new session in ``cwd``; one whose chapter failed is dropped."""
        try:
            kernel = self._idle.get_nowait()
        except queue.Empty:
            kernel = WarmKernel(self._cwd, self._modules, self._arguments)
            with self._lock:
                self._all.append(kernel)
                self.started += 1
        try:
            kernel.fresh(cwd)
            yield kernel
        except BaseException:
            kernel.shutdown()
            raise
        self._idle.put(kernel)

    def close(self) -> None:
        with self._lock:
            kernels, self._all = self._all, []
        for kernel in kernels:
            kernel.shutdown()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
