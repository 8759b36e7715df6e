"""nbval on warm kernels, as the build runs the chapters.

The build runs each chapter on a kernel that already imported the chapters' libraries, after
giving it a new session (:func:`isilbook.publish.session.fresh`: empty namespace, execution
count at 1, the chapter's folder as working directory). nbval starts a new kernel for every
notebook, and importing pandas, altair and vl-convert again is most of a notebook's test
time. This plugin lends nbval one kernel per test worker instead, with a new session for each
notebook: the executed chapters are checked in the conditions they were built in.
(``tests/test_build.py`` checks that a chapter run again in a new kernel gives the build's
bytes, so the two conditions agree.) A kernel whose notebook failed or that does not answer is
stopped, and the next notebook gets a new one.
"""

from __future__ import annotations

import pytest
from nbval.kernel import RunningKernel

from isilbook.publish.kernels import fresh_session_code, silent_execute

#: Seconds a kernel has to take a new session before it is replaced.
FRESH_TIMEOUT = 60


class LentKernel(RunningKernel):
    """nbval's kernel, handed back to its pool when nbval stops it after a notebook."""

    def __init__(self, pool: WarmKernels, kernel_name: str, cwd: str | None,
                 startup_timeout: int):
        super().__init__(kernel_name, cwd=cwd, startup_timeout=startup_timeout)
        self.pool, self.kernel_name, self.spoiled = pool, kernel_name, False

    def stop(self) -> None:
        if self.spoiled or not self.is_alive():
            self.shut_down()
        else:
            self.pool.keep(self)

    def shut_down(self) -> None:
        super().stop()

    def fresh(self, cwd: str | None) -> bool:
        """A new session in ``cwd``; False when the kernel cannot give one."""
        try:
            content = silent_execute(self.kc, fresh_session_code(cwd), FRESH_TIMEOUT)
        except (RuntimeError, TimeoutError):
            return False
        return content.get("status") == "ok"


class WarmKernels:
    """At most one idle kernel in this test process, lent to one notebook at a time."""

    def __init__(self) -> None:
        self.idle: LentKernel | None = None

    def lend(self, kernel_name: str, cwd: str | None = None,
             startup_timeout: int = 60) -> LentKernel:
        """What nbval gets for ``RunningKernel(kernel_name, cwd, startup_timeout)``."""
        kernel, self.idle = self.idle, None
        if kernel is not None:
            if kernel.kernel_name == kernel_name and kernel.fresh(cwd):
                return kernel
            kernel.shut_down()
        return LentKernel(self, kernel_name, cwd, startup_timeout)

    def keep(self, kernel: LentKernel) -> None:
        self.close()
        self.idle = kernel

    def close(self) -> None:
        kernel, self.idle = self.idle, None
        if kernel is not None:
            kernel.shut_down()


def pytest_configure(config) -> None:
    if not config.getoption("nbval", default=False):
        return
    import nbval.plugin

    kernels = WarmKernels()
    nbval.plugin.RunningKernel = kernels.lend
    config.add_cleanup(kernels.close)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed cell spoils its notebook's kernel: it is not lent again."""
    report = yield
    kernel = getattr(item.parent, "kernel", None)
    if report.failed and isinstance(kernel, LentKernel):
        kernel.spoiled = True
    return report
