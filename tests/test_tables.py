"""Generated tables are reproducible: regenerating them gives the committed files."""

from __future__ import annotations

from isilbook.data.tables import GENERATED_TABLES, write_generated_tables


def test_generated_tables_are_up_to_date(project, project_copy):
    write_generated_tables(project_copy)
    for name in GENERATED_TABLES:
        assert project_copy.table(name).read_bytes() == project.table(name).read_bytes(), name


def test_a_failed_parse_writes_nothing(project_copy):
    import pytest

    from isilbook.errors import DataError

    before = {name: project_copy.table(name).read_bytes() for name in GENERATED_TABLES}
    from isilbook.data.sources import sha256_of

    report = project_copy.raw / "S-2016-501.txt"
    old = sha256_of(report)
    report.write_text(report.read_text().replace("\n47. ", "\n48. ", 1))
    manifest = project_copy.manifest
    manifest.write_text(manifest.read_text().replace(old, sha256_of(report)))
    with pytest.raises(DataError, match="a gap in the numbering"):
        write_generated_tables(project_copy)
    assert {n: project_copy.table(n).read_bytes() for n in GENERATED_TABLES} == before
