"""Write a set of files together: all of them land, or the project is left as it was.

Adding an edition touches the raw folder, the manifest, four tables, the derived text, its
review and the candidates. A failure (or Ctrl-C) half-way must not leave a manifest naming a
file that is not there, or tables from a different manifest. Every file is first written to a
temporary file beside its target; only then are they renamed into place one by one, each
replaced file kept as a hard-linked backup until all are in place. Any exception, including
KeyboardInterrupt, puts every backup back and removes what was new, folders included.

Every target must resolve inside the project, and no target may be a symbolic link: a link
planted in ``data/raw`` must never let the pipeline write outside the project.

A write the system refuses (a full disk, a read-only folder) is reported by the project's file
or folder being written, never by a temporary file's name.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from isilbook.errors import DataError, Problem


class StagedFiles:
    """Files to write into a project together (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.files: dict[Path, bytes] = {}

    def add(self, path: Path, data: bytes | str) -> None:
        """Stage ``data`` for ``path`` (text is written as UTF-8)."""
        self.files[Path(path)] = data.encode("utf-8") if isinstance(data, str) else data

    def check(self) -> None:
        """Refuse targets that are links or that resolve outside the project."""
        problems = []
        for path in self.files:
            absolute = path if path.is_absolute() else self.root / path
            if absolute.is_symlink():
                problems.append(Problem(str(path), "a regular file, not a symbolic link "
                                        "(refusing to write through it)",
                                        found=f"a link to {os.readlink(absolute)}"))
                continue
            parent = absolute.parent
            while not parent.exists():
                parent = parent.parent
            inside = parent.resolve()
            if inside != self.root and self.root not in inside.parents:
                problems.append(Problem(str(path), f"a place inside the project {self.root}",
                                        found=f"a folder that resolves to {inside}"))
        if problems:
            raise DataError(problems)

    def commit(self) -> list[Path]:
        """Write every staged file, or none; return the paths written."""
        self.check()
        made: list[Path] = []  # folders created, deepest last
        temporaries: dict[Path, Path] = {}
        backups: dict[Path, Path] = {}
        placed: list[Path] = []
        writing = next(iter(self.files), self.root)
        try:
            for path, data in self.files.items():
                writing = path
                missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
                for folder in reversed(missing):
                    folder.mkdir()
                    made.append(folder)
                handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                                suffix=".tmp")
                temporaries[path] = Path(name)
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
            for path, temporary in temporaries.items():
                writing = path
                if path.exists():
                    backup = Path(tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.",
                                                  suffix=".bak"))
                    os.link(path, backup)
                    backups[path] = backup
                os.replace(temporary, path)
                placed.append(path)
        except OSError as error:
            self._roll_back(placed, backups, temporaries, made)
            raise DataError([_refused(error, writing)]) from None
        except BaseException:
            self._roll_back(placed, backups, temporaries, made)
            raise
        for backup in backups.values():
            backup.unlink(missing_ok=True)
        return list(self.files)

    @staticmethod
    def _roll_back(placed: list[Path], backups: dict[Path, Path],
                   temporaries: dict[Path, Path], made: list[Path]) -> None:
        for path in reversed(placed):
            if path in backups:
                os.replace(backups.pop(path), path)
            else:
                path.unlink(missing_ok=True)
        for backup in backups.values():
            backup.unlink(missing_ok=True)
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()


def _refused(error: OSError, path: Path) -> Problem:
    """The problem of a write the system refused, named by the project's own file or folder."""
    if error.errno == errno.ENOSPC:
        return Problem(str(path), "room to write it (nothing was written)",
                       found="no space left on the device")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the folder that exists and refused a new entry
        return Problem(str(folder), f"a folder this command can write {path.name} into "
                       "(nothing was written)", found=error.strerror or "permission denied")
    return Problem(str(path), "a file this command can write (nothing was written)",
                   found=error.strerror or type(error).__name__)
