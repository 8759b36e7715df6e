"""Hostile data: payloads in a project copy that still validates (the injection tests), and
long lines built to make a careless pattern backtrack (the extractor's tests and
``benchmarks/long_inputs.py``).

Paragraph 28 of the report text (its checksum re-pinned) and the figure quoting it carry script
tags, event-handler attributes, ``javascript:`` links and Markdown syntax; so do the figure's
label and period, a heading of the report, the manifest's titles and the press story's publisher
(which reaches glued prose through a citation).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

# Each payload sets window.__pwned (or opens a dialog) if it ever runs.
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
JS_LINK = '<a href="javascript:window.__pwned=3">click</a>'
MD_LINK = "[click me](javascript:window.__pwned=4) and [away](https://example.com/pwned)"
MD_IMAGE = "![pic](https://example.com/pwned.png)"
BREAKOUT = "\"'><svg onload=window.__pwned=5>"
PARAGRAPH = f"{SCRIPT} {IMG} {JS_LINK} {MD_LINK} **bold** `code`"
LABEL = f"ISIL fighters in Libya {BREAKOUT} {MD_IMAGE}"
PERIOD = "as of May 2016 <b onmouseover=window.__pwned=6>hover</b> _emphasis_"
HEADING = "ISIL in Libya <iframe src=javascript:alert(7)></iframe>"
TITLE = "<script>window.__pwned=8</script> Report [of the](javascript:alert(8)) Secretary-General"
PUBLISHER = "The Associated Press <img src=x onerror=alert(9)> [AP](https://example.com/pwned)"
QUOTE_START = "between 3,000 and 5,000 fighters"
QUOTE = f"{QUOTE_START} {PARAGRAPH}"
#: The chapters whose pages the payloads reach in S/2016/501's book: the poisoned figure's
#: (its chapter, the landing page's key figures, the changes and the data pages), the pages
#: that show the report's text, heading and title (the source text, the methods), and those
#: citing the press story by its publisher. The others cite paragraphs by symbol and number
#: only (``tests/test_injection.py`` checks this on the real site).
PAYLOAD_PAGES = ["index", "funding", "libya", "member_states", "changes", "methods", "source",
                 "data"]

#: Lines of up to 100,000 characters made of what the extractor's patterns look for.
LONG_LINES = [
    "1" * 100_000, "1," * 50_000, "one " * 25_000, "between 1 and " * 8_000,
    "1 and " * 20_000, "1, " * 33_000, "resolution 1 (2000), " * 5_000, "paras. 1, " * 10_000,
    "S/2016/" * 15_000, "A " * 50_000, "U.N. " * 20_000, "x " + "1, " * 33_000 + ". Y",
    "<script>alert(1)</script> " * 4_000, "$" * 100_000 + "1", "1–" * 50_000,
    ("around 38,000 individuals between 1,400–2,000 para. 21 S/2016/92 29 January 2016 " * 1_400),
]

#: Lines of up to 100,000 characters for the number reader: (line, how many numbers it holds,
#: the value of each), as the line was built.
NUMBER_LINES = [
    ("1," * 50_000, 50_000, 1.0), ("one " * 25_000, 25_000, 1.0),
    ("between 1 and " * 8_000, 8_000, 1.0), ("hundreds of " * 9_000, 9_000, 100.0),
    ("S/2016/" * 15_000, 15_000, 2016.0), ("several " * 12_500, 0, None),
    ("$" * 100_000 + "1", 1, 1.0), ("1–" * 50_000, 50_000, 1.0),
]


def poison(root: Path) -> None:
    """Write the payloads into the copy's data, keeping it valid (and re-pinning the checksum)."""
    report = root / "data" / "raw" / "S-2016-501.txt"
    text = report.read_text(encoding="utf-8")
    assert f"{QUOTE_START}. " in text and "\n1. ISIL in Libya\n" in text
    text = text.replace(f"{QUOTE_START}. ", f"{QUOTE}. ", 1)
    text = text.replace("\n1. ISIL in Libya\n", f"\n1. {HEADING}\n", 1)
    report.chmod(0o644)
    report.write_text(text, encoding="utf-8")
    manifest_path = root / "data" / "raw" / "manifest.csv"
    manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
    manifest.loc[0, ["sha256", "bytes", "title"]] = [
        hashlib.sha256(report.read_bytes()).hexdigest(), str(report.stat().st_size), TITLE]
    manifest.loc[1, ["publisher", "title"]] = [PUBLISHER, f"UN chief {SCRIPT}"]
    manifest.to_csv(manifest_path, index=False, lineterminator="\n")
    figures_path = root / "data" / "figures.csv"
    figures = pd.read_csv(figures_path, dtype=str, keep_default_na=False)
    row = figures.index[(figures["indicator"] == "isil_fighters_libya")
                        & (figures["document"] == "S/2016/501")][0]
    figures.loc[row, ["quote", "label", "period"]] = [QUOTE, LABEL, PERIOD]
    figures.to_csv(figures_path, index=False, lineterminator="\n")

#: A report text over add-edition's size limit (600 KiB; the real report is 68 kB).
TOO_LARGE_REPORT = (b"Report on a test\nI. Introduction\n1. One paragraph.\n2. Another paragraph.\n"
                    b"2. " + b"Iraq and 5,000 fighters. " * 25_000 + b"\n")
#: A report text whose one paragraph runs to 350,003 characters (the limit is 20,000 a line).
LONG_PARAGRAPH_REPORT = b"Title\nI. Introduction\n1. " + b"Iraq 1 " * 50_000 + b"\n"
#: A report of 20 paragraphs of 19,000 characters naming places and numbers, with no full stop
#: (each just under the longest line add-edition takes).
LONG_REPORT = b"Report\nI. Introduction\n" + b"".join(
    f"{n}. ".encode() + (b"Iraq 1 and Syria 2 with " * 800)[:19_000] + b"\n" for n in range(1, 21))
