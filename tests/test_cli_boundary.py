"""The command's usage errors (issue 11, item 5): bad flags, names, values and files.

Each case must exit with status 2 before any work starts, print one line on standard
error that names the user's flag (or file) and what to do, and never a traceback. The
cases are the ones a reviewer replays beyond the Python walk: unknown scenarios and
factors, values that are not finite numbers or are outside a factor's range, empty
names, sizes that could not finish, malformed scenario files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.data_text import MINE
from triangle.cli import main

GOOD_FILE = MINE

#: (file name, text) of malformed scenario files, and the words their message must hold.
BAD_FILES = {
    "text.toml": (GOOD_FILE.replace("value = 0.9", 'value = "high"'),
                  ["field 'value'", "expected int or float"]),
    "nan.toml": (GOOD_FILE.replace("value = 0.9", "value = nan"), ["field 'value'", "finite"]),
    "range.toml": (GOOD_FILE.replace("value = 0.9", "value = 5"),
                   ["[0.2, 1]", "--allow-out-of-range"]),
    "typo.toml": (GOOD_FILE.replace('factor = "sanctions_relief"',
                                    'factor = "sanction_relief"'),
                  ["did you mean 'sanctions_relief'"]),
    "name.toml": ('[[scenario]]\nname = 1\n', ["field 'name'"]),
    "syntax.toml": ("value = = 1\n", ["not valid TOML", "line 1"]),
    "empty.toml": ("", ["no [[scenario]] table"]),
    "twice.toml": (GOOD_FILE + GOOD_FILE, ["appears more than once"]),
    "table.toml": (GOOD_FILE.replace("[[scenario]]", "[[scenarios]]").replace(
        "[[scenario.override]]", "[[scenarios.override]]"), ["did you mean"]),
}

USAGE = [
    # (argv, words the one error line must hold)
    (["analyze", "--scenario", ""], ["--scenario is empty"]),
    (["analyze", "--scenario", " baseline"], ["unknown scenario", "did you mean 'baseline'"]),
    (["analyze", "--scenario", "basline"], ["did you mean 'baseline'"]),
    (["analyze", "--scenario-file", ""], ["--scenario-file is empty"]),
    (["scenarios", "--scenario-file", ""], ["--scenario-file is empty"]),
    (["analyze", "--scenario-file", "no/such.toml"], ["--scenario-file no/such.toml",
                                                      "no such file"]),
    (["analyze", "--set", "sanctions_relief=inf"], ["--set sanctions_relief=inf", "finite"]),
    (["analyze", "--set", "sanctions_relief=-inf"], ["finite"]),
    (["analyze", "--set", "sanctions_relief=1e400"], ["--set sanctions_relief=1e400",
                                                      "finite"]),
    (["analyze", "--set", "sanctions_relief=1/0"], ["not a number"]),
    (["analyze", "--set", "sanctions_relief=0x10"], ["not a number"]),
    (["analyze", "--set", "sanctions_relief=0.5=3"], ["not a number"]),
    (["analyze", "--set", "=0.5"], ["expected FACTOR=VALUE"]),
    (["analyze", "--set", "sanctions_relief=5"], ["[0.2, 1]", "--allow-out-of-range"]),
    (["analyze", "--set", "sanctions_relief=-0.1"], ["[0.2, 1]"]),
    (["analyze", "--set", "sanctions_relif=0.5"], ["did you mean 'sanctions_relief'"]),
    (["analyze", "--format", "pdf"], ["--format", "invalid choice"]),
    (["analyze", "--labels", "-1"], ["--labels", "whole number"]),
    (["analyze", "--labels", "10000001"], ["--labels", "at most 10,000,000"]),
    (["analyze", "--bogus"], ["unrecognized arguments: --bogus"]),
    (["claims", "--samples", "0"], ["--samples", "whole number"]),
    (["claims", "--samples", "-1"], ["--samples", "whole number"]),
    (["claims", "--samples", "1e3"], ["--samples", "'1e3'"]),
    (["claims", "--samples", "nan"], ["--samples", "'nan'"]),
    (["claims", "--samples", "99999999999999"], ["--samples", "ask for less"]),
    (["claims", "--seed", "-1"], ["--seed", "whole number >= 0"]),
    (["claims", "--format", "xml"], ["--format", "invalid choice"]),
    (["report", "--map", "hedge_dept", "sanctions_relief"], ["--map hedge_dept",
                                                             "did you mean 'hedge_depth'"]),
    (["report", "--map", "hedge_depth", "hedge_depth"], ["--map", "two different"]),
    (["report", "--resolution", "1"], ["--resolution", "whole number"]),
    (["report", "--resolution", "100000"], ["--resolution", "ask for less"]),
    (["report", "--samples", "99999999999"], ["--samples", "ask for less"]),
    (["scenarios", "--format", "yaml"], ["--format", "invalid choice"]),
    (["nosuchcommand"], ["invalid choice: 'nosuchcommand'"]),
]


def check_usage_error(argv: list[str], words: list[str], capsys: pytest.CaptureFixture) -> None:
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == 2, (argv, status, err)
    assert out == "" and "Traceback" not in err
    lines = [line for line in err.splitlines() if "error" in line]
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_an_output_that_cannot_be_written_is_refused_before_the_work(tmp_path: Path, capsys):
    for argv in (["scenarios"], ["analyze", "--labels", "0", "--nearest", "0"],
                 ["report", "--samples", "10"]):
        check_usage_error([*argv, "-o", str(tmp_path)], [f"-o {tmp_path}", "is a folder"],
                          capsys)
        missing = tmp_path / "no" / "such" / "out.txt"
        check_usage_error([*argv, "-o", str(missing)], ["does not exist"], capsys)
        check_usage_error([*argv, "-o", ""], ["-o/--output is empty"], capsys)


@pytest.mark.parametrize("argv, words", USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_a_usage_error_exits_2_with_one_line_naming_the_flag(argv, words, capsys):
    check_usage_error(argv, words, capsys)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["analyze", "scenarios"])
def test_a_malformed_scenario_file_is_a_usage_error(name, command, tmp_path: Path, capsys):
    text, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    check_usage_error([command, "--scenario-file", str(path)],
                      [f"--scenario-file {path}", *words], capsys)


def test_a_file_that_is_not_utf8_or_is_a_folder(tmp_path: Path, capsys):
    latin = tmp_path / "latin.toml"
    latin.write_bytes(GOOD_FILE.replace("Mine", "Mïne").encode("latin-1"))
    check_usage_error(["analyze", "--scenario-file", str(latin)], ["not UTF-8"], capsys)
    check_usage_error(["analyze", "--scenario-file", str(tmp_path)],
                      [f"--scenario-file {tmp_path}"], capsys)


def test_the_good_file_is_accepted(tmp_path: Path, capsys):
    """The files above differ from this one by the one mistake each names."""
    path = tmp_path / "good.toml"
    path.write_text(GOOD_FILE, encoding="utf-8")
    assert main(["scenarios", "--scenario-file", str(path), "--format", "json"]) == 0
    assert '"mine"' in capsys.readouterr().out
