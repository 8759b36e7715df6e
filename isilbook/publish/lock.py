"""One writer at a time in a project: the commands that write (``build``, ``add-edition``,
``tables``) hold one lock file, ``_build/build.lock``.

Without it, ``add-edition`` during a build could leave the build reading half-updated tables
and publishing a site that mixes both states, and both commands would say they succeeded. A
second writer stops at once with a message naming the lock; it never waits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from isilbook.errors import BuildError
from isilbook.paths import ProjectPaths


def lock_file(paths: ProjectPaths) -> Path:
    """The one lock file of a project."""
    return paths.build / "build.lock"


@contextmanager
def project_lock(paths: ProjectPaths) -> Iterator[None]:
    """Hold the project's lock for the block, or stop naming it if another command holds it.

    Raises
    ------
    BuildError
        If another command holds the lock, or the build folder cannot hold it.
    """
    if paths.build.exists() and not paths.build.is_dir():
        raise BuildError(f"{paths.build}: expected a folder for the build output; found a file")
    try:
        paths.build.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(lock_file(paths), timeout=0)
        lock.acquire()
    except filelock.Timeout:
        raise BuildError(f"another isilbook command (build, add-edition or tables) is running "
                         f"in {paths.root} (lock {lock_file(paths)}); wait for it to finish"
                         ) from None
    except OSError as error:
        raise BuildError(f"{paths.build}: expected a writable build folder ({error.strerror})"
                         ) from None
    try:
        yield
    finally:
        lock.release()
