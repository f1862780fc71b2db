"""Every table of her history as CSV and back: the tables re-import into the same history."""

from __future__ import annotations

import zipfile
from importlib import resources
from pathlib import Path

import pytest
from builders import day, entry, scenario, session

from comeback import csv_io
from comeback.errors import InvalidInput
from comeback.exports import TABLES, to_csv
from comeback.scenario import parse_scenario, parse_scenario_data

DEMO = parse_scenario(
    resources.files("comeback.data").joinpath("demo_10_weeks.json").read_text("utf-8")
)


def test_the_reader_knows_every_column_the_writer_writes() -> None:
    for table in TABLES:
        header = to_csv(DEMO, table).splitlines()[0].split(",")
        assert header == list(csv_io.COLUMNS[table]), table


def test_the_demo_tables_read_back_into_the_same_history() -> None:
    files = csv_io.tables(DEMO)
    assert set(files) == {f"{t}.csv" for t in TABLES}
    back = csv_io.scenario_from(files)
    assert back.profile == DEMO.profile
    assert back.assessments == DEMO.assessments
    assert back.symptoms == DEMO.symptoms
    assert back.checkins == DEMO.checkins
    assert back.clearances == DEMO.clearances
    assert back.sessions == DEMO.sessions
    assert csv_io.tables(back) == files


def test_a_warm_up_entry_and_a_working_entry_stay_apart() -> None:
    doc = scenario(
        sessions=[
            session(
                60,
                entry("glute_bridge", "bodyweight", 1, 20),
                entry("glute_bridge", "bodyweight", 3, 15, rir=2),
                entry("clam_shell", "bodyweight", 2, 18),
            )
        ]
    )
    s = parse_scenario_data(doc)
    back = csv_io.scenario_from(csv_io.tables(s))
    assert [len(e.sets) for e in back.sessions[0].exercises] == [1, 3, 2]
    assert back.sessions == s.sessions


def test_overrides_go_out_and_come_back() -> None:
    doc = scenario(
        clearances=[{"date": day(42), "by": "GP"}],
        overrides=[{"date": day(50), "phase": "activation", "by": "Sam", "reason": "ready, x"}],
    )
    back = csv_io.scenario_from(csv_io.tables(parse_scenario_data(doc)))
    assert back.overrides[0].reason == "ready, x"


def test_a_folder_and_a_zip_read_the_same(tmp_path: Path) -> None:
    csv_io.write(DEMO, tmp_path / "dir")
    csv_io.write(DEMO, tmp_path / "all.zip")
    assert zipfile.is_zipfile(tmp_path / "all.zip")
    assert csv_io.read(tmp_path / "dir") == csv_io.read(tmp_path / "all.zip")


def test_a_bad_cell_is_named_by_file_line_and_column() -> None:
    files = csv_io.tables(DEMO)
    lines = files["sets.csv"].splitlines()
    cells = lines[2].split(",")
    cells[4] = "twelve"
    lines[2] = ",".join(cells)
    files["sets.csv"] = "\n".join(lines) + "\n"
    with pytest.raises(InvalidInput) as e:
        csv_io.scenario_from(files)
    assert str(e.value).startswith("sets.csv line 3 reps")
    assert "whole number" in str(e.value)


def test_a_value_out_of_range_is_refused_as_in_a_scenario_file() -> None:
    files = csv_io.tables(DEMO)
    files["profile.csv"] = files["profile.csv"].replace(",71.0,", ",7.0,")
    with pytest.raises(InvalidInput) as e:
        csv_io.scenario_from(files)
    assert "body_mass_kg" in str(e.value)


def test_no_profile_or_a_wrong_header_is_refused(tmp_path: Path) -> None:
    files = csv_io.tables(DEMO)
    with pytest.raises(InvalidInput, match=r"profile\.csv"):
        csv_io.scenario_from({k: v for k, v in files.items() if k != "profile.csv"})
    files["symptoms.csv"] = files["symptoms.csv"].replace("severity", "pain", 1)
    with pytest.raises(InvalidInput, match=r"symptoms\.csv header"):
        csv_io.scenario_from(files)
    with pytest.raises(InvalidInput, match="FILE"):
        csv_io.read(tmp_path / "missing")
