"""Build benchmark: cold build, no-change rebuild, one-chapter rebuild, plain Jupyter Book.

Run on demand (``make bench``), never as a test: machines are shared and noisy, so compare the
ratios within one run rather than the seconds across runs. Everything happens in a temporary
copy of the project; the real ``_build`` is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import vl_convert
import yaml

from isilbook.paths import ProjectPaths
from isilbook.publish.assets import BUNDLE_CACHE, VEGA_BUNDLE, vega_lite_version
from isilbook.publish.build import build_book

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cold": 45.0, "no_change": 3.0, "one_chapter": 15.0, "ratio": 0.6, "page_kb": 250}


def copy_project(target: Path) -> ProjectPaths:
    for name in ("data", "book"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, target / name)
    return ProjectPaths.at(target)


def timed(step) -> tuple[float, object]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def baseline(paths: ProjectPaths) -> float:
    """Plain ``jupyter-book build`` executing the same chapters itself (execution forced)."""
    config = yaml.safe_load((paths.root / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "allow_errors": False, "timeout": 300}
    (paths.root / "_config_force.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(paths.root),
               "--config", str(paths.root / "_config_force.yml"), "--path-output",
               str(paths.root / "_baseline")]
    seconds, result = timed(lambda: subprocess.run(command, capture_output=True, text=True,
                                                   cwd=paths.book))
    if result.returncode != 0:
        print("baseline build failed:\n" + result.stdout[-2000:])
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="isilbook-bench-") as folder:
        paths = copy_project(Path(folder))
        cold, report = timed(lambda: build_book(paths))
        print(f"cold build:           {cold:6.1f} s  ({len(report.executed)} chapters executed)")
        again, report = timed(lambda: build_book(paths))
        print(f"no-change rebuild:    {again:6.1f} s  ({len(report.executed)} executed, site "
              f"{'rebuilt' if report.site_rebuilt else 'unchanged'})")
        chapter = paths.book / "libya.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "## Summary", "## Summary\n", 1), encoding="utf-8")
        one, report = timed(lambda: build_book(paths))
        print(f"one chapter changed:  {one:6.1f} s  (executed: {', '.join(report.executed)})")
        plain = baseline(paths)
        generate, _ = timed(lambda: vl_convert.javascript_bundle(vl_version=vega_lite_version()))
        print(f"Vega bundle generation (once per machine and library version, then cached in "
              f"{BUNDLE_CACHE}): {generate:.1f} s")
        print(f"baseline jupyter-book build, execution forced: {plain:6.1f} s")
        print(f"cold / baseline ratio: {cold / plain:.2f}")
        print("page weights (own HTML with the charts' inline SVG; the Vega bundle is separate):")
        site = paths.site.resolve()
        bundle = (site / "_static" / VEGA_BUNDLE).stat().st_size
        for page in sorted((site / "book").glob("*.html")):
            print(f"  {page.name:24s} {page.stat().st_size / 1024:7.1f} KB")
        print(f"  (shared {VEGA_BUNDLE} {bundle / 1024:.0f} KB, fetched only when a chart "
              "nears the viewport)")
        print("targets: cold <= {cold} s and <= {ratio} x baseline; no-change <= {no_change} s; "
              "one chapter <= {one_chapter} s; page <= {page_kb} KB".format(**TARGETS))


if __name__ == "__main__":
    main()
