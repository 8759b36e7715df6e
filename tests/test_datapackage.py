"""The data as one Frictionless data package: generated from the dictionary, valid as published."""

from __future__ import annotations

import json
import shutil

import frictionless

TABLES = ["manifest", "paragraphs", "references", "places", "units", "figures", "editions",
          "indicators", "footnotes", "presentations"]


def test_the_published_data_package_is_valid(site):
    descriptor = site / "data" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type"])
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert sorted(r["name"] for r in package["resources"]) == sorted(TABLES)
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    fields = {f["name"]: f for f in figures["schema"]["fields"]}
    assert fields["qualifier"]["constraints"]["enum"][:2] == ["exact", "around"]
    assert fields["edition"]["type"] == "integer" and figures["schema"]["primaryKey"] == ["id"]


def test_frictionless_catches_a_bad_cell_in_a_copy_of_the_package(site, tmp_path):
    """The package's schemas have teeth: a broken copy of a table fails their validation."""
    copy = tmp_path / "tables"
    shutil.copytree(site / "data", copy)
    editions = (copy / "editions.csv").read_text(encoding="utf-8").splitlines()
    fields = editions[3].split(",")
    fields[2] = "2016-02-30"  # a date that does not exist
    editions[3] = ",".join(fields)
    (copy / "editions.csv").write_text("\n".join(editions) + "\n", encoding="utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert errors == [[4, "date", "type-error"]]
    assert report.tasks[[t.name for t in report.tasks].index("editions")].errors
