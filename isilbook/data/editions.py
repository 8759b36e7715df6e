"""The editions table as intake changes it: an edition whose text arrives is marked as held.

``editions.csv`` is curated (symbols, dates and where each was seen), but one fact in it follows
from the other tables: what the book holds. When ``add-edition`` takes in an edition's text, the
edition's row says so (``holding: text``, the new source among ``seen_in``); an edition the table
does not list yet is appended as the next in the series, under the latest mandate.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from isilbook.errors import DataError, Problem

_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal(number: int) -> str:
    """An ordinal as English writes it, for messages about the series.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']
    """
    return f"{number}{'th' if 10 <= number % 100 <= 20 else _SUFFIX.get(number % 10, 'th')}"


def with_text_of(editions: pd.DataFrame, symbol: str, date: str, source_id: str,
                 file: Path) -> pd.DataFrame:
    """The editions table (as text) with ``symbol``'s text recorded as held.

    Raises
    ------
    DataError
        If a new edition's date is not after the latest edition's (dates rise with ordinals).
    """
    table = editions.copy()
    hits = table.index[table["symbol"] == symbol]
    if len(hits):
        row = hits[0]
        table.loc[row, "holding"] = "text"
        seen = [s for s in table.loc[row, "seen_in"].split(";") if s]
        table.loc[row, "seen_in"] = ";".join(dict.fromkeys([source_id, *seen]))
        return table
    last = table.iloc[-1]
    if date <= last["date"]:
        latest = ordinal(int(last["ordinal"]))
        raise DataError([Problem("--date", f"a date after {last['date']} (the latest edition, "
                                 f"the {latest} in {file}), or the symbol of an edition "
                                 "already listed", found=date)])
    new = {"ordinal": str(int(last["ordinal"]) + 1), "symbol": symbol, "date": date,
           "date_kind": "document", "mandate": last["mandate"],
           "period": "developments since the previous edition", "holding": "text",
           "address": f"https://undocs.org/en/{symbol}", "seen_in": source_id}
    return pd.concat([table, pd.DataFrame([new])], ignore_index=True)
