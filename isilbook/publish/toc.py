"""The book's table of contents, read once, with Jupyter Book's own parser.

The build, the preview, the PDF edition and the tests all take the chapter list from here, so a
table of contents Jupyter Book would reject is refused before any chapter runs, with the file
named.
"""

from __future__ import annotations

from pathlib import Path

from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

from isilbook.errors import BuildError


def toc_documents(root: Path) -> list[str]:
    """Every document of ``_toc.yml`` in reading order (``book/index``, ``book/threat``, ...)."""
    path = root / "_toc.yml"
    if not path.is_file():
        raise BuildError(f"{path}: expected the table of contents (file missing)")
    try:
        site_map = parse_toc_yaml(path)
    except MalformedError as error:
        raise BuildError(f"{path}: expected a jb-book table of contents; {error}") from None
    except Exception as error:  # YAML syntax, undecodable bytes: the parser's own message
        message = str(error).replace("\n", " ")
        raise BuildError(f"{path}: expected well-formed YAML; found {message}") from None
    return list(site_map)
