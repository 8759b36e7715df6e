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
        raise DataError([Problem("--date", f"a date after {last['date']} (the latest edition, "
                                 f"the {last['ordinal']}th in {file}), or the symbol of an "
                                 "edition already listed", found=date)])
    new = {"ordinal": str(int(last["ordinal"]) + 1), "symbol": symbol, "date": date,
           "date_kind": "document", "mandate": last["mandate"],
           "period": "developments since the previous edition", "holding": "text",
           "address": f"https://undocs.org/en/{symbol}", "seen_in": source_id}
    return pd.concat([table, pd.DataFrame([new])], ignore_index=True)
