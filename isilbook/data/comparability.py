"""What a figure counts, and whether two figures count the same thing.

The indicator catalogue (``indicators.csv``) says what each measure counts: who or what
(``population``), where (``area``) and how (``count_kind``: at one time, cumulatively, over a
period). A figure may depart from its indicator (a briefer's "members and supporters" under an
indicator of fighters) in the same columns of ``figures.csv``, and a period sum names the year it
refers to (``refers_to``). The book sets a verdict only on figures that count the same thing;
charts and validation use the same test.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Counting", "counting", "counting_words", "differences"]

_KIND_WORDS = {"stock": "a count at one time", "cumulative": "a cumulative count",
               "period sum": "a total over a period", "rate": "a rate", "share": "a share",
               "change": "a change", "duration": "a length of time"}


@dataclass(frozen=True)
class Counting:
    """What a figure counts: the catalogue's population, area and kind of count, as the figure
    departs from them, and the year a period sum refers to."""

    population: str
    area: str
    count_kind: str
    refers_to: str


def counting(figure: pd.Series, catalogue: pd.DataFrame) -> Counting:
    """What the figure counts (``catalogue`` is indicators.csv indexed by indicator)."""
    entry = catalogue.loc[figure["indicator"]]

    def pick(column: str) -> str:
        for value in (figure.get(column), entry.get(column)):
            if value is not None and pd.notna(value) and str(value):
                return str(value)
        return ""

    year = figure.get("refers_to")
    return Counting(pick("population"), pick("area"), pick("count_kind"),
                    "" if year is None or pd.isna(year) else str(year))


def counting_words(figure: pd.Series, catalogue: pd.DataFrame) -> str:
    """What a figure counts, for tables.

    >>> catalogue = pd.DataFrame({"indicator": ["k", "d"], "population": ["fighters", None],
    ...     "area": ["Iraq and Syria", "Libya"], "count_kind": ["stock", "duration"]}
    ...     ).set_index("indicator")
    >>> counting_words(pd.Series({"indicator": "k"}), catalogue)
    'fighters in Iraq and Syria, a count at one time'
    >>> counting_words(pd.Series({"indicator": "d"}), catalogue)
    'a length of time, in Libya'
    """
    what = counting(figure, catalogue)
    kind = _KIND_WORDS.get(what.count_kind, what.count_kind)
    where = _where(what.area) if what.area else ""
    if what.population:
        words = " ".join(w for w in (what.population, where) if w)
        words += f", {kind}" if kind else ""
    else:
        words = ", ".join(w for w in (kind, where) if w) or "a value"
    return words + (f" for {what.refers_to}" if what.refers_to else "")


def differences(earlier: pd.Series, later: pd.Series, catalogue: pd.DataFrame) -> list[str]:
    """How two figures differ in what they count, in words; empty when they count the same.

    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"indicator": ["k"], "population": ["fighters"],
    ...     "area": ["Afghanistan"], "count_kind": ["stock"]}).set_index("indicator")
    >>> a = pd.Series({"indicator": "k", "unit": "people", "population": "fighters and their "
    ...                "family members"})
    >>> b = pd.Series({"indicator": "k", "unit": "people"})
    >>> differences(a, b, catalogue)
    ['the earlier counts fighters and their family members, the later fighters']
    """
    if earlier["indicator"] != later["indicator"]:
        return ["they are different measures"]
    if earlier["unit"] != later["unit"]:
        return [f"they are in different units ({earlier['unit']} and {later['unit']})"]
    a, b = counting(earlier, catalogue), counting(later, catalogue)
    found = []
    if a.population != b.population:
        found.append(f"the earlier counts {a.population or 'no population'}, "
                     f"the later {b.population or 'no population'}")
    if a.area != b.area:
        found.append(f"the earlier counts {_where(a.area) if a.area else 'in no stated place'}, "
                     f"the later {_where(b.area) if b.area else 'in no stated place'}")
    if a.count_kind != b.count_kind:
        found.append(f"the earlier is {_KIND_WORDS.get(a.count_kind, a.count_kind)}, "
                     f"the later {_KIND_WORDS.get(b.count_kind, b.count_kind)}")
    return found


def _where(area: str) -> str:
    """An area as a place phrase: "in Libya", but "outside conflict zones" as it stands."""
    return area if area.split(" ", 1)[0] in ("in", "outside", "to", "from", "across") \
        else f"in {area}"
