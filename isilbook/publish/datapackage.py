"""The data as one Frictionless data package, generated from the data dictionary.

Readers who want the data, not the book, get every table as CSV with a ``datapackage.json``
beside them: each table's schema (types, required and unique columns, patterns, allowed
values, keys) written from ``data/dictionary.yml``, so the package and the project's own
validation can never disagree, and the held raw sources listed with their origin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from isilbook import __version__
from isilbook.data.schema import load_dictionary
from isilbook.data.validate import Tables
from isilbook.paths import ProjectPaths

#: Dictionary types -> Table Schema field types.
FIELD_TYPES = {"string": "string", "date": "date", "integer": "integer", "number": "number",
               "boolean": "boolean"}


def field(name: str, column: dict[str, Any]) -> dict[str, Any]:
    """One Table Schema field from one dictionary column."""
    constraints: dict[str, Any] = {}
    if column.get("required"):
        constraints["required"] = True
    if column.get("unique"):
        constraints["unique"] = True
    if "pattern" in column:
        constraints["pattern"] = column["pattern"].removeprefix("^").removesuffix("$")
    if "allowed" in column:
        constraints["enum"] = list(column["allowed"])
    if "min" in column:
        constraints["minimum"] = column["min"]
    entry: dict[str, Any] = {"name": name, "type": FIELD_TYPES[column["type"]],
                             "description": column["description"]}
    if column["type"] == "boolean":
        entry["trueValues"], entry["falseValues"] = ["True", "true"], ["False", "false"]
    if constraints:
        entry["constraints"] = constraints
    return entry


def package_descriptor(dictionary: dict[str, Any], tables: Tables) -> dict[str, Any]:
    """The ``datapackage.json`` content: one resource per table, sources from the manifest."""
    resources = []
    for name, spec in dictionary.items():
        schema: dict[str, Any] = {"fields": [field(c, col) for c, col in spec["columns"].items()],
                                  "missingValues": [""]}
        if spec.get("key"):
            schema["primaryKey"] = list(spec["key"])
        resources.append({
            "name": name, "path": Path(spec["file"]).name, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": " ".join(spec["description"].split()), "schema": schema})
    held = tables.manifest[tables.manifest["file"].notna()]
    sources = [{"title": f"{row.title} ({row.publisher})", "path": row.origin}
               for row in held.itertuples(index=False)]
    recorded = len(tables.manifest) - len(held)
    sources.append({"title": f"{recorded} public pages recorded by address in manifest.csv "
                             "(facts only, no copy held)"})
    return {
        "name": "isil-threat-reports", "title": "The ISIL threat reports, read closely: data",
        "version": __version__, "profile": "tabular-data-package",
        "description": "Editions, figures, indicators, report texts and sources behind the book.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (the "
                      "curated tables; sources keep their own terms, see manifest.csv)"}],
        "sources": sources, "resources": resources}


def write_data_package(paths: ProjectPaths, tables: Tables) -> Path:
    """Write ``_build/package/datapackage.json`` (only when its content changed)."""
    descriptor = package_descriptor(load_dictionary(paths.data), tables)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    target = paths.build / "package" / "datapackage.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target
