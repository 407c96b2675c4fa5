"""The commands' own ``--help`` in the terminal's language: French with ``xlplan --lang fr`` or a
French environment, English otherwise and as it was.

The help texts are marked with ``_h`` in the command line's code and translated in the catalog
(``xlplan.po``, checked by tests/test_i18n.py like every message); click's own words around them
(``Usage:``, ``Options``, ``[required]``, ``[default: …]``, a value that is not a number) come
from the ``click`` domain. Option names and metavars stay: they are what is typed.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from click.testing import CliRunner

import xlplan
from xlplan.cli import main

# no language in the environment, and the width click wraps the help to fixed
NO_LANG = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "COLUMNS": "80"}
FRENCH_ENV = {**NO_LANG, "LANG": "fr_FR.UTF-8"}
NB = "\u00a0"  # the no-break space French puts before a colon
COMMANDS = sorted(main.commands)
# a line the two languages may share: an option's names and metavar alone (click puts its help
# on the next line when they are long), e.g. "  --format [table|json|csv|junit]"
SHARED = re.compile(r"  (-\w, )?--[a-z-]+( \S+)?")


def helps(*args: str, env: dict[str, str] = NO_LANG) -> str:
    said = CliRunner().invoke(main, [*args, "--help"], env=env, prog_name="xlplan")
    assert said.exit_code == 0, said.output
    return said.stdout


@functools.cache
def help_texts() -> tuple[str, ...]:
    """Every help text the command line marks with ``_h`` (its English, the catalog's msgid)."""
    found = tuple(
        message
        for name in ("cli.py", "cli_batch.py", "cli_support.py")
        for _, message, _, _ in extract_from_file(
            "python", Path(xlplan.__file__).parent / name, keywords={"_h": None}
        )
    )
    assert len(found) > 40  # (the commands' and the options' helps: none missed by a pattern)
    return found


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_french_in_french(command: str) -> None:
    args = [command] if command else []
    english = helps(*args)
    english_lines = set(english.splitlines())
    for french in (helps("--lang", "fr", *args), helps(*args, env=FRENCH_ENV)):
        assert french.startswith(f"Utilisation : xlplan {command}".rstrip())
        assert "Options :" in french and "Afficher ce message et quitter." in french
        shared = [
            line
            for line in french.splitlines()
            if line.strip() and line in english_lines and not SHARED.fullmatch(line)
        ]
        assert shared == []
        # and no help text of the code shows in English, even wrapped differently
        words = " ".join(french.split())
        for text in help_texts():
            assert " ".join(text.split()[:4]) not in words, text


def test_the_group_help_lists_the_commands_in_french() -> None:
    french = helps("--lang", "fr")
    assert "Commandes :" in french
    assert "  build        Construire le classeur de PLAN_FILE (YAML ou JSON).\n" in french
    assert "  templates    Lister les modèles de départ.\n" in french
    assert "  --version       Afficher la version et quitter.\n" in french
    for command in COMMANDS:  # every command listed, by the name that is typed
        assert f"\n  {command} " in french


def test_a_commands_help_in_french_keeps_option_names_and_metavars() -> None:
    french = helps("--lang", "fr", "build")
    assert french == (
        "Utilisation : xlplan build [OPTIONS] PLAN_FILE\n"
        "\n"
        "  Construire le classeur de PLAN_FILE (YAML ou JSON).\n"
        "\n"
        "Options :\n"
        "  -o, --output FILE   Le classeur à écrire (.xlsx).  [obligatoire]\n"
        f"  --lang [fr|en]      Langue du classeur (par défaut{NB}: celle du plan).\n"
        f"  --as-of AAAA-MM-JJ  Figer la date de suivi de la synthèse (par défaut{NB}:\n"
        "                      =AUJOURDHUI(), toujours à jour).\n"
        "  --force             Remplacer OUTPUT s'il existe.\n"
        "  -h, --help          Afficher ce message et quitter.\n"
    )
    new = helps("--lang", "fr", "new")
    # a no-break space before a colon: no line starts with one
    assert "  -t, --template TEXT   Modèle de départ (voir `xlplan templates`).  [par\n" in new
    assert f"                        défaut{NB}: blank]\n" in new
    assert not any(line.lstrip().startswith((":", ";")) for line in new.splitlines())
    assert "  --year INTEGER RANGE  Exercice commençant le 1er janvier" in new


def test_the_english_help_is_as_it_was() -> None:
    assert helps("build") == (
        "Usage: xlplan build [OPTIONS] PLAN_FILE\n"
        "\n"
        "  Build the workbook of PLAN_FILE (YAML or JSON).\n"
        "\n"
        "Options:\n"
        "  -o, --output FILE   The workbook to write (.xlsx).  [required]\n"
        "  --lang [fr|en]      Workbook language (default: the plan's).\n"
        "  --as-of YYYY-MM-DD  Freeze the dashboard's as-of date (default: =TODAY(),\n"
        "                      live).\n"
        "  --force             Replace OUTPUT if it exists.\n"
        "  -h, --help          Show this message and exit.\n"
    )
    group = helps()
    assert "\nCommands:\n  build        Build the workbook of PLAN_FILE (YAML or JSON).\n" in group
    assert "  --version       Show the version and exit.\n" in group
    # --lang en wins over a French environment
    assert helps("--lang", "en", "build", env=FRENCH_ENV) == helps("build")


def test_each_run_shows_its_own_language_in_one_process() -> None:
    """click makes a command's help option once and keeps it: a French run first must not
    leave its text to the English run after it, nor the other way round."""
    for _ in range(2):
        assert "  -h, --help  Afficher ce message et quitter." in helps("--lang", "fr", "schema")
        assert "  -h, --help  Show this message and exit." in helps("schema")


@pytest.mark.parametrize(
    ("args", "english", "french"),
    [
        (
            ["new", "--year", "deux-mille", "-o", "x.xlsx"],
            "'deux-mille' is not a valid integer range.",
            "'deux-mille' n'est pas un nombre entier valide.",
        ),
        (
            ["consolidate", "--envelope", "beaucoup", "plan.yaml"],
            "'beaucoup' is not a valid float range.",
            "'beaucoup' n'est pas un nombre décimal valide.",
        ),
    ],
)
def test_a_value_that_is_not_a_number_is_named_in_french(
    args: list[str], english: str, french: str
) -> None:
    said = CliRunner().invoke(main, args, env=NO_LANG)
    assert said.exit_code == 2 and english in said.output
    for lang, env in ((["--lang", "fr"], NO_LANG), ([], FRENCH_ENV)):
        said = CliRunner().invoke(main, [*lang, *args], env=env)
        assert said.exit_code == 2
        assert french in said.output
        assert "integer" not in said.output and "float" not in said.output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], NO_LANG),
        (["--lang", "fr", "--help"], NO_LANG),
        (["build", "--help"], FRENCH_ENV),
        (["--lang", "fr", "check", "--help"], NO_LANG),
    ],
)
def test_the_help_imports_no_heavy_library(args: list[str], env: dict[str, str]) -> None:
    script = "\n".join(
        [
            "import sys",
            "from xlplan.cli import main",
            "try:",
            f"    main({args!r}, prog_name='xlplan')",
            "except SystemExit as exit:",
            "    code = exit.code",
            "heavy = ('pydantic', 'openpyxl', 'pandas', 'numpy', 'yaml', 'xlsxwriter')",
            "print(sorted(m for m in heavy if m in sys.modules))",
            "print(code)",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, **env},
    )
    *_, imported, code = done.stdout.splitlines()
    assert (imported, code) == ("[]", "0")
    # (and in the language asked for)
    english = "Show this message and exit." in done.stdout
    assert english == (env == NO_LANG and "fr" not in args)
