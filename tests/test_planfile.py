"""Plan files: YAML and JSON round trips, errors that name the file and the line, safe loading,
and the JSON Schema that editors use to check plan.yaml."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import xlplan.model.files
from xlplan import OutputExistsError, Plan, PlanFileError, PlanValidationError, load_plan, save_plan
from xlplan.model.schema import plan_json_schema
from xlplan.model.validation import validate_plan

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILES = sorted((ROOT / "samples").glob("*.yaml"))
TEMPLATE_FILES = sorted((ROOT / "xlplan" / "templates").glob("*.yaml"))
FORMATS = ["yaml", "json"]


# --- helpers ------------------------------------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def file_error(path: Path) -> str:
    """The message of the `PlanFileError` raised by loading `path`."""
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    return str(caught.value)


def tricky_plan() -> Plan:
    """A plan whose text could trip a serializer: unicode, multi-line notes, extra columns,
    text that looks like a formula, a number, a date, a boolean or YAML syntax."""
    return validate_plan(
        {
            "name": "Café « Zoé » — plan 2025 ☕",
            "business": "Zoé & Cie",
            "fiscal_year_start": dt.date(2025, 4, 1),
            "currency": "GBP",
            "language": "en",
            "envelope": {"percent_of_revenue": 7.5, "revenue_forecast": 123456.78},
            "mission": "Première ligne\nSeconde ligne : « citée »\n\n- pas une liste\n",
            "owners": [{"name": "Zoé"}, {"name": "Ægir Þórsson", "contact": "ægir@example.is"}],
            "objectives": [{"title": "=SUM(1)", "deadline": dt.date(2026, 3, 31)}],
            "kpis": [{"name": "Net promoter score", "objective": "O1", "actual": [-12.5, None, 3]}],
            "actions": [
                {
                    "title": "@cmd|' /C calc'!A0",
                    "objectives": ["=SUM(1)"],
                    "owner": "ægir þórsson",
                    "start": dt.date(2025, 4, 1),
                    "end": dt.date(2025, 6, 30),
                    "budget": [0.1, 1234.56, 0, 99999],
                    "actual": {"q1": 0.1},
                    "progress": 12.5,
                    "notes": "  indented first line\nsecond line \ttab\n\nlast: yes\n",
                    "extra": {
                        "Formule": "=SUM(1)",
                        "Texte oui": "yes",
                        "Texte null": "null",
                        "Texte nombre": "007",
                        "Texte date": "2025-13-45",
                        "Signé le": dt.date(2025, 4, 2),
                        "Rendez-vous": dt.datetime(2025, 5, 6, 14, 30),
                        "Payé": True,
                        "Quantité": 3,
                        "Remise": 0.15,
                        "Vide": None,
                        "Emoji 🚀": "日本語のテキスト",
                    },
                }
            ],
        }
    )


def as_json_data(data: Any) -> Any:
    """YAML data as JSON would carry it: dates become ISO strings."""
    return json.loads(json.dumps(data, default=lambda d: d.isoformat()))


def schema_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(plan_json_schema())
    return [e.message for e in validator.iter_errors(as_json_data(data))]


# --- round trips ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_load_save_load_gives_an_equal_plan(sample: Path, fmt: str, tmp_path: Path) -> None:
    plan = load_plan(sample)
    saved = save_plan(plan, tmp_path / f"{sample.stem}.{fmt}")
    assert load_plan(saved) == plan


@pytest.mark.parametrize("fmt", FORMATS)
def test_tricky_plan_load_save_load_gives_an_equal_plan(fmt: str, tmp_path: Path) -> None:
    plan = tricky_plan()
    first = load_plan(save_plan(plan, tmp_path / f"plan.{fmt}"))
    assert first == plan
    second = load_plan(save_plan(first, tmp_path / f"again.{fmt}"))
    assert second == plan
    # the file is stable too: saving what was loaded writes the same bytes
    assert (tmp_path / f"again.{fmt}").read_bytes() == (tmp_path / f"plan.{fmt}").read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_the_types_of_extra_columns(fmt: str, tmp_path: Path) -> None:
    extra = load_plan(save_plan(tricky_plan(), tmp_path / f"plan.{fmt}")).actions[0].extra
    assert extra["Formule"] == "=SUM(1)"
    assert extra["Texte oui"] == "yes"
    assert extra["Texte nombre"] == "007"
    assert extra["Texte date"] == "2025-13-45"  # not a real date: stays text
    assert extra["Signé le"] == dt.date(2025, 4, 2)
    assert extra["Rendez-vous"] == dt.datetime(2025, 5, 6, 14, 30)
    assert (extra["Payé"], extra["Quantité"], extra["Remise"]) == (True, 3, 0.15)
    assert "Vide" not in extra  # (null is an empty cell: no value, as a workbook holds it)


def test_saved_yaml_is_readable_text(tmp_path: Path) -> None:
    text = save_plan(tricky_plan(), tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert "name: Café « Zoé » — plan 2025 ☕\n" in text  # unicode kept, not \u-escaped
    assert "fiscal_year_start: 2025-04-01\n" in text
    # numbers, not strings such as '1234.56'; the Q3 budget is 0, the default, so left out
    assert "  budget:\n    q1: 0.1\n    q2: 1234.56\n    q4: 99999\n" in text


def test_money_keeps_its_decimal_value_after_a_round_trip(tmp_path: Path) -> None:
    plan = load_plan(save_plan(tricky_plan(), tmp_path / "plan.json"))
    assert plan.actions[0].budget.values() == [
        Decimal("0.1"),
        Decimal("1234.56"),
        Decimal(0),
        Decimal(99999),
    ]
    # 7.5 % of 123 456.78 = 9 259.2585
    assert plan.envelope_total == Decimal("9259.2585")


# --- errors that name the file and the line -------------------------------------------------------
def test_yaml_syntax_error_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plan.yaml",
        "name: Plan\nyear: 2024\nowners:\n  - name: Zoé\n   role: bad indentation\n",
    )
    assert file_error(path).startswith(f"{path}, line 5: not valid YAML (")


def test_yaml_validation_error_names_the_file_the_line_and_the_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plan.yaml",
        "name: Plan\n"  # 1
        "year: 2024\n"  # 2
        "owners:\n"  # 3
        "  - name: Zoé\n"  # 4
        "  - name: Arnaud\n"  # 5
        "actions:\n"  # 6
        "  - title: Vidéo\n"  # 7
        "    owner: Zoé\n"  # 8
        "  - title: Photos\n"  # 9
        "    owner: Zoe\n"  # 10
        "    budget: {q1: -450}\n",  # 11
    )
    with pytest.raises(PlanValidationError) as caught:
        load_plan(path)
    # every problem of every kind at once: the refused budget and the cross-field owner rule
    assert str(caught.value).splitlines() == [
        f"{path}: line 11 (actions[1].budget.q1): "
        "Input should be greater than or equal to 0, found -450",
        f"{path}: line 10 (actions[1].owner): 'Zoe' is not a known owner (known: Zoé, Arnaud); "
        "did you mean 'Zoé'?",
    ]
    assert caught.value.source == str(path)


def test_yaml_validation_error_of_the_year_shorthand_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.yaml", "name: Plan\n\nyear: next\n")
    with pytest.raises(PlanValidationError) as caught:
        load_plan(path)
    assert str(caught.value) == (
        f"{path}: line 3 (year): expected a year such as 2024, found 'next'"
    )


def test_json_syntax_error_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.json", '{\n  "name": "Plan",\n  "year": 2024,\n}\n')
    assert file_error(path) == (
        f"{path}, line 4: not valid JSON (Expecting property name enclosed in double quotes)"
    )


def test_json_validation_error_names_the_file_and_the_field(tmp_path: Path) -> None:
    data = {"name": "Plan", "year": 2024, "actions": [{"title": "Vidéo", "progress": 120}]}
    path = write(tmp_path / "plan.json", json.dumps(data))
    with pytest.raises(PlanValidationError) as caught:
        load_plan(path)
    assert str(caught.value) == (
        f"{path}: line 1 (actions[0].progress): Input should be less than or equal to 100, "
        "found 120"
    )


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("list.yaml", "- name: Plan\n- year: 2024\n", "list"),
        ("text.yaml", "just a sentence\n", "str"),
        ("empty.yaml", "", "nothing (empty file)"),
        ("list.json", "[1, 2]", "list"),
    ],
)
def test_top_level_must_be_a_mapping(name: str, text: str, found: str, tmp_path: Path) -> None:
    path = write(tmp_path / name, text)
    assert file_error(path) == (
        f"{path}: expected a mapping with 'name', 'year' and 'actions', found {found}"
    )


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert file_error(path) == f"{path}: no such file"


def test_a_folder_is_not_a_plan_file(tmp_path: Path) -> None:
    assert file_error(tmp_path).startswith(f"{tmp_path}: cannot read (")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Zoé\nyear: 2024\n".encode("latin-1"))  # é is byte 8: 0xE9
    assert file_error(path) == f"{path}: not UTF-8 text (byte 8); save the plan file as UTF-8"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("name: Zoé\nyear: 2024\n".encode("utf-8-sig"))
    assert load_plan(path).name == "Zoé"


@pytest.mark.parametrize(
    "text",
    [
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        'name: !!python/object/apply:os.system ["touch {marker}"]\nyear: 2024\n',
        "name: Plan\nyear: 2024\nnotes: !!python/object/new:pathlib.Path [{marker}]\n",
    ],
)
def test_yaml_tags_that_construct_python_objects_are_refused(text: str, tmp_path: Path) -> None:
    marker = tmp_path / "was-run"
    path = write(tmp_path / "evil.yaml", text.format(marker=marker))
    message = file_error(path)
    assert message.startswith(f"{path}, line ")
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:python/" in message
    assert not marker.exists()


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlplan.model.files, "MAX_PLAN_FILE_BYTES", 20)
    # 11 + 11 + 14 = 36 bytes
    path = write(tmp_path / "big.yaml", "name: Plan\nyear: 2024\nmission: long\n")
    assert file_error(path) == f"{path}: 36 bytes is too large for a plan file (at most 20 bytes)"


def test_file_at_the_size_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlplan.model.files, "MAX_PLAN_FILE_BYTES", 21)
    path = write(tmp_path / "small.yaml", "name: Plan\nyear: 2024")  # 21 bytes
    assert load_plan(path).name == "Plan"


# --- saving -------------------------------------------------------------------------------------
def test_save_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.yaml", "# my own notes\n")
    with pytest.raises(OutputExistsError) as caught:
        save_plan(tricky_plan(), path)
    assert str(caught.value) == f"{path}: already exists; use --force to replace it"
    assert path.read_text(encoding="utf-8") == "# my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no temporary file left


def test_save_with_force_replaces_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.yaml", "# my own notes\n")
    save_plan(tricky_plan(), path, force=True)
    assert load_plan(path) == tricky_plan()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_save_chooses_the_format_from_the_suffix(tmp_path: Path) -> None:
    plan = tricky_plan()
    json_text = save_plan(plan, tmp_path / "plan.JSON").read_text(encoding="utf-8")
    yaml_text = save_plan(plan, tmp_path / "plan.yml").read_text(encoding="utf-8")
    assert json.loads(json_text)["fiscal_year_start"] == "2025-04-01"
    assert yaml.safe_load(yaml_text)["fiscal_year_start"] == dt.date(2025, 4, 1)


# --- JSON Schema ----------------------------------------------------------------------------------
def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(plan_json_schema())


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_validates_against_the_schema(sample: Path) -> None:
    assert schema_errors(yaml.safe_load(sample.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_saved_sample_validates_against_the_schema(sample: Path, tmp_path: Path) -> None:
    saved = save_plan(load_plan(sample), tmp_path / "plan.json")
    assert schema_errors(json.loads(saved.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda p: p.name)
def test_every_template_validates_once_given_a_fiscal_year(template: Path) -> None:
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    assert schema_errors(data | {"fiscal_year_start": "2026-01-01"}) == []


@pytest.mark.parametrize(
    "shorthand",
    [
        {"year": 2024},
        {"fiscal_year_start": "2025-04-01"},
        {"year": 2024, "actions": [{"title": "Vidéo", "budget": [0, 2500, 7500]}]},
        {"year": 2024, "actions": [{"title": "Vidéo", "actual": {"Q2": 30}}]},
        {"year": 2024, "actions": [{"title": "Vidéo", "participants": "Zoé, Arnaud"}]},
        {"year": 2024, "actions": [{"title": "Vidéo", "objectives": None}]},
        {"year": 2024, "kpis": [{"name": "NPS", "actual": [-12.5, None, 3]}]},
    ],
)
def test_the_schema_accepts_the_shorthands_the_loader_accepts(shorthand: dict[str, Any]) -> None:
    data = {"name": "Plan"} | shorthand
    if "participants" in str(shorthand):
        data["owners"] = [{"name": "Zoé"}, {"name": "Arnaud"}]
    validate_plan(data)  # the loader accepts it…
    assert schema_errors(data) == []  # …and so does the schema


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "Plan"},  # no year
        {"name": "Plan", "year": 2024, "currency": "euro"},
        {"name": "Plan", "year": 2024, "colour": "blue"},
        {"name": "Plan", "year": 2024, "actions": [{"title": "Vidéo", "budget": [-1]}]},
        {"name": "Plan", "year": 2024, "actions": [{"title": "Vidéo", "progress": 101}]},
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(bad: dict[str, Any]) -> None:
    with pytest.raises(PlanValidationError):
        validate_plan(bad)
    assert schema_errors(bad) != []


# --- what no cell can hold is refused at validation, with the line and the expected format -------
def problems(path: Path) -> list[str]:
    with pytest.raises(PlanValidationError) as caught:
        load_plan(path)
    return str(caught.value).splitlines()


ACTION = "name: Plan\nyear: 2024\nactions:\n  - title: Vidéo\n    {field}: {value}\n"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "start",
            "2024-02-30",
            "expected a date, found '2024-02-30': write dates as YYYY-MM-DD, e.g. 2024-12-02",
        ),
        (
            "start",
            "0000-00-00",
            "expected a date, found '0000-00-00': write dates as YYYY-MM-DD, e.g. 2024-12-02",
        ),
        (
            "start",
            "02/12/2024",
            "expected a date, found '02/12/2024': write dates as YYYY-MM-DD, e.g. 2024-12-02",
        ),
        (
            "start",
            "1899-12-31",
            "1899-12-31 is outside the dates a spreadsheet can hold (1900-01-01 – 9999-12-31)",
        ),
        (
            "budget",
            "[1e400]",
            "1E+400 is too large: a spreadsheet keeps 15 significant digits; "
            "expected a number between -999999999999999 and 999999999999999",
        ),
        ("budget", "[.inf]", "Input should be a finite number, found inf"),
        (
            "budget",
            "[1000000000000000]",
            "1000000000000000 is too large: a spreadsheet keeps 15 "
            "significant digits; expected a number between -999999999999999 and 999999999999999",
        ),
        (
            "extra",
            "{x_d: 2024-01-01T10:00:00+02:00}",
            "2024-01-01T10:00:00+02:00 has a time "
            "zone, which a spreadsheet cell cannot hold: write the local date and time without it",
        ),
        (
            "extra",
            "{x_d: 1850-01-01}",
            "1850-01-01 is outside the dates a spreadsheet can hold (1900-01-01 – 9999-12-31)",
        ),
        (
            "notes",
            "x" * 32_768,
            "the text is 32,768 characters long; a spreadsheet cell holds at "
            "most 32,767: shorten it or move it to a linked document",
        ),
    ],
)
def test_a_value_no_cell_can_hold_is_refused_with_its_line(
    field: str, value: str, expected: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "plan.yaml", ACTION.format(field=field, value=value))
    [message] = problems(path)
    path_of = {"budget": "budget.q1", "extra": "extra.x_d"}.get(field, field)
    assert message == f"{path}: line 5 (actions[0].{path_of}): {expected}"


def test_a_text_of_exactly_a_cells_length_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.yaml", ACTION.format(field="notes", value="é" * 32_767))
    assert load_plan(path).actions[0].notes == "é" * 32_767


def test_an_integer_beyond_pythons_string_limit_is_refused_not_a_traceback(tmp_path: Path) -> None:
    for name, text in {
        "plan.yaml": ACTION.format(field="budget", value="[" + "9" * 5000 + "]"),
        "plan.json": '{"name": "P", "year": 2024, "actions": [{"title": "A", "budget": ['
        + "9" * 5000
        + "]}]}",
    }.items():
        [message] = problems(write(tmp_path / name, text))
        assert "(5000 characters) is too large" in message


def test_a_fiscal_year_must_end_within_the_calendar(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.yaml", "name: Plan\nfiscal_year_start: 9999-01-01\n")
    assert problems(path) == [
        f"{path}: line 2 (fiscal_year_start): a fiscal year starting on 9999-01-01 ends after "
        "9999-12-31, the last date a spreadsheet can hold"
    ]
    assert load_plan(
        write(path, "name: Plan\nfiscal_year_start: 9998-12-01\n")
    ).fiscal_year_end == (dt.date(9999, 11, 30))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "plan.yaml",
            "name: Plan\nyear: 2024\nname: Other\n",
            "line 3: the key 'name' appears twice in the same mapping (first on line 1): keep one",
        ),
        (
            "plan.yaml",
            "name: Plan\nyear: 2024\nactions:\n  - title: A\n    budget: {q1: 1, q1: 2}\n",
            "line 5: the key 'q1' appears twice in the same mapping (first on line 5): keep one",
        ),
        (
            "plan.json",
            '{"name": "Plan",\n "year": 2024,\n "year": 2025}',
            "line 3: the key 'year' appears twice in the same mapping (first on line 2): keep one",
        ),
    ],
)
def test_a_key_given_twice_is_refused_with_its_lines(
    name: str, text: str, expected: str, tmp_path: Path
) -> None:
    path = write(tmp_path / name, text)
    assert file_error(path) == f"{path}: {expected}"


def test_yaml_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    text = (
        "name: Plan\nyear: 2024\nactions:\n  - &a {title: A, notes: n}\n  - <<: *a\n    title: B\n"
    )
    plan = load_plan(write(tmp_path / "plan.yaml", text))
    assert [(a.title, a.notes) for a in plan.actions] == [("A", "n"), ("B", "n")]


def test_a_lone_surrogate_is_refused_with_its_line(tmp_path: Path) -> None:
    text = '{"name": "Plan", "year": 2024,\n "actions": [{"title": "a\\ud800b"}]}'
    path = write(tmp_path / "plan.json", text)
    assert problems(path) == [
        f"{path}: line 2 (actions[0].title): the text holds U+D800 at character 2, which is not "
        "a character and cannot be saved: remove it"
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"name": "P", "year": 2024, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.yaml", "name: P\nyear: 2024\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("deep21.json", '{"name": "P", "x": ' + "[" * 20 + "]" * 20 + "}"),
    ],
)
def test_a_plan_file_nested_too_deeply_is_refused(name: str, text: str, tmp_path: Path) -> None:
    path = write(tmp_path / name, text)
    assert file_error(path) == f"{path}: nested more than 20 levels deep: not a plan file"


def test_a_fifo_nobody_writes_to_is_read_as_empty_not_waited_for(tmp_path: Path) -> None:
    import os

    path = tmp_path / "plan.yaml"
    os.mkfifo(path)
    assert file_error(path) == (
        f"{path}: expected a mapping with 'name', 'year' and 'actions', found nothing (empty file)"
    )


def test_an_endless_device_is_read_up_to_the_limit_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlplan.model.files, "MAX_PLAN_FILE_BYTES", 1024)
    assert file_error(Path("/dev/zero")) == (
        "/dev/zero: the input is too large for a plan file (at most 1024 bytes)"
    )


# --- every problem of every kind in one run (issue 15) --------------------------------------------
def test_every_problem_of_every_kind_is_reported_at_once_with_hints(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plan.yaml",
        "name: Plan\n"  # 1
        "year: 2024\n"  # 2
        "owners:\n"  # 3
        "  - name: Zoé\n"  # 4
        "actions:\n"  # 5
        "  - title: Vidéo\n"  # 6
        "    owner: Zoe\n"  # 7
        "    budjet: [450]\n"  # 8
        "    budget: {q1: -450}\n"  # 9
        "  - title: Photos\n"  # 10
        "    start: 02/12/2024\n"  # 11
        "  - title: Site\n"  # 12
        "    start: 2024-05-01\n"  # 13
        "    end: 2024-04-01\n",  # 14
    )
    assert sorted(problems(path)) == sorted(
        [
            f"{path}: line 8 (actions[0].budjet): unknown key 'budjet'; did you mean 'budget'?",
            f"{path}: line 9 (actions[0].budget.q1): Input should be greater than or equal to 0, "
            "found -450",
            f"{path}: line 11 (actions[1].start): expected a date, found '02/12/2024': write "
            "dates as YYYY-MM-DD, e.g. 2024-12-02",
            f"{path}: line 7 (actions[0].owner): 'Zoe' is not a known owner (known: Zoé); "
            "did you mean 'Zoé'?",
            f"{path}: line 14 (actions[2].end): 2024-04-01 is before start 2024-05-01",
        ]
    )


def test_json_problems_name_their_lines_too(tmp_path: Path) -> None:
    text = (
        '{\n  "name": "Plan",\n  "year": 2024,\n  "actions": [\n    {"title": "A",\n'
        '     "progres": 5}\n  ]\n}\n'
    )
    path = write(tmp_path / "plan.json", text)
    assert problems(path) == [
        f"{path}: line 6 (actions[0].progres): unknown key 'progres'; did you mean 'progress'?"
    ]


def test_the_outside_the_fiscal_year_warning_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plan.yaml",
        "name: Plan\nyear: 2024\nactions:\n  - title: A\n    start: 2023-12-01\n",
    )
    assert [str(w) for w in load_plan(path).warnings()] == [
        f"{path}: line 5 (actions[0].start): 2023-12-01 is outside the fiscal year "
        "2024-01-01 – 2024-12-31"
    ]


def test_keys_holding_brackets_or_dots_are_located_without_a_traceback(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plan.yaml",
        'name: P\nyear: 2024\nactions:\n  - title: A\n    extra: {"a[b]": [1], "c.d": {x: 1}}\n',
    )
    assert problems(path) == [
        f"{path}: line 5 (actions[0].extra.a[b]): expected text, a number, a date or "
        "true/false, found [1]",
        f"{path}: line 5 (actions[0].extra.c.d): expected text, a number, a date or "
        "true/false, found {'x': 1}",
    ]


def test_aliases_cannot_nest_a_plan_deeper_than_its_text_shows(tmp_path: Path) -> None:
    """Each anchor nests the previous one a level deeper: 30 levels from 30 short lines."""
    anchors = "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 31))
    path = write(tmp_path / "plan.yaml", f"name: P\nyear: 2024\na0: &a0 [x]\n{anchors}")
    assert file_error(path) == f"{path}: nested more than 20 levels deep: not a plan file"


def test_an_extra_null_is_an_empty_cell_and_a_huge_json_integer_is_refused(tmp_path: Path) -> None:
    base = '{"name": "P", "year": 2024, "actions": [{"title": "A", "extra": {"x_a": %s}}]}'
    assert load_plan(write(tmp_path / "null.json", base % "null")).actions[0].extra == {}
    path = write(tmp_path / "huge.json", base % ("9" * 5000))
    [message] = problems(path)
    assert message.startswith(f"{path}: line 1 (actions[0].extra.x_a): 99999999999999999999…")


def test_an_extra_date_time_at_midnight_is_the_day_as_a_cell_holds_it(tmp_path: Path) -> None:
    text = "name: P\nyear: 2024\nactions:\n  - title: A\n    extra: {x_a: 2024-05-01T00:00:00}\n"
    assert load_plan(write(tmp_path / "plan.yaml", text)).actions[0].extra == {
        "x_a": dt.date(2024, 5, 1)
    }
