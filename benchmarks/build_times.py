"""Build benchmark: every edition cold, no-change and one-reading rebuilds, plain Jupyter Book.

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
from isilbook.publish.site import build_book

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cold": 90.0, "no_change": 3.0, "one_chapter": 15.0, "ratio": 0.5, "page_kb": 250}


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


def baseline(paths: ProjectPaths, editions: list[str]) -> float:
    """Plain ``jupyter-book build`` of each edition's staged book, executing it itself.

    The staged books hold the same notebooks the pipeline executed (readings spliced in,
    parameters injected), so the baseline does the same work the plain way: execution forced,
    one kernel per chapter, no cache.
    """
    from isilbook.book.readings import edition_folder

    total = 0.0
    for edition in editions:
        stage = paths.build / "stage" / edition_folder(edition)
        config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
        config["execute"] = {"execute_notebooks": "force", "allow_errors": False, "timeout": 300}
        forced = stage / "_config_force.yml"
        forced.write_text(yaml.safe_dump(config), encoding="utf-8")
        command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(stage),
                   "--config", str(forced), "--path-output", str(paths.root / "_baseline" /
                                                                edition_folder(edition))]
        seconds, result = timed(lambda command=command, cwd=stage / "book": subprocess.run(
            command, capture_output=True, text=True, cwd=cwd))
        if result.returncode != 0:
            print("baseline build failed:\n" + result.stdout[-2000:])
        total += seconds
    return total


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="isilbook-bench-") as folder:
        paths = copy_project(Path(folder))
        cold, report = timed(lambda: build_book(paths))
        editions = report.editions
        print(f"cold build:           {cold:6.1f} s  ({len(report.executed)} chapters executed "
              f"for {len(editions)} editions: {', '.join(editions)})")
        again, report = timed(lambda: build_book(paths))
        print(f"no-change rebuild:    {again:6.1f} s  ({len(report.executed)} executed, site "
              f"{'rebuilt' if report.site_rebuilt else 'unchanged'})")
        reading = paths.book / "readings" / "S-2016-501" / "libya.md"
        reading.write_text(reading.read_text(encoding="utf-8") + "\nA sentence added.\n",
                           encoding="utf-8")
        one, report = timed(lambda: build_book(paths))
        print(f"one reading changed:  {one:6.1f} s  (executed: {', '.join(report.executed)})")
        plain = baseline(paths, editions)
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
