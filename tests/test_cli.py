"""The ``triangle`` command: ``triangle analyze`` in every format, errors, help."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

import triangle as tri
from triangle.analyze import analyze
from triangle.cli import COMMANDS, main, register_command
from triangle.verdicts.checks import model_game
from triangle.verdicts.forms import FORMS

# Under pytest-xdist these tests share one worker: they label the claims at the shared size
# (``label_samples``), and the labels are cached per process.
pytestmark = pytest.mark.xdist_group("labels")

#: ``triangle analyze`` without the labels over the box (the verdicts on every form only)
QUICK = ["analyze", "--labels", "0"]


@pytest.fixture(scope="module")
def report_json(label_samples: int):
    """One full ``triangle analyze --format json`` run, in-process, parsed (labelled at the
    shared size, so the labels come from the per-process cache after their first use)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["analyze", "--format", "json", "--labels", str(label_samples)])
    assert status == 0
    return json.loads(out.getvalue())


def baseline_game() -> tri.NormalFormGame:
    values = tri.scenarios["baseline"].values
    game = model_game(**tri.scenarios["baseline"].options)
    return game.subs({n: values[n] for n in game.factors})


def as_profile(game: tri.NormalFormGame, profile: dict) -> tuple[np.ndarray, ...]:
    out = []
    for player, names in zip(game.players, game.strategies):
        out.append(np.array([profile[player].get(s, 0.0) for s in names]))
    return tuple(out)


def test_json_has_equilibria_claims_and_the_rest(report_json):
    for key in ("scenario", "equilibria", "best_responses", "claims", "nearest_factors"):
        assert key in report_json
    assert report_json["scenario"] == "baseline"
    assert isinstance(report_json["equilibria"], list) and report_json["equilibria"]


def test_every_claim_appears_once_with_a_boolean(report_json):
    got = [c["id"] for c in report_json["claims"]]
    assert sorted(got) == sorted(tri.claims)
    for c in report_json["claims"]:
        assert isinstance(c["holds"], bool)
        assert c["source"] == tri.claims[c["id"]].source
        assert c["holds"] == tri.claims[c["id"]].holds(c["scenario"])


def test_equilibria_are_equilibria_of_the_substituted_game(report_json):
    game = baseline_game()
    for eq in report_json["equilibria"]:
        profile = as_profile(game, eq["profile"])
        assert tri.is_equilibrium(game, profile, tol=1e-7)
        np.testing.assert_allclose(
            game.expected_payoffs(profile), [eq["payoffs"][p] for p in game.players], atol=1e-9
        )
        assert sum(eq["configuration"].values()) == pytest.approx(1.0)
    pure = {tuple(e["outcome"][p] for p in game.players)
            for e in report_json["equilibria"] if e["pure"]}
    assert pure == {tuple(n[int(np.argmax(p))] for n, p in zip(game.strategies, e.profile))
                    for e in tri.pure_equilibria(game)}


def test_best_responses_match_the_payoffs(report_json):
    game = baseline_game()
    u = game.payoffs[1]  # Russia's payoffs (us, russia, china)
    assert [r["us"] for r in report_json["best_responses"]] == list(game.strategies[0])
    for a, r in enumerate(report_json["best_responses"]):
        for c, china in enumerate(game.strategies[2]):
            col = u[a, :, c]
            expect = [s for s, x in zip(game.strategies[1], col) if x >= col.max() - 1e-9]
            assert r["russia_best_reply"][china] == expect
        sub = tri.NormalFormGame(game.payoffs[1:, a], players=game.players[1:],
                                 strategies=game.strategies[1:])
        for eq in r["equilibria"]:
            assert tri.is_equilibrium(sub, as_profile(sub, eq["profile"]), tol=1e-7)


def test_nearest_factor_changes_the_pure_equilibria(report_json):
    assert report_json["nearest_factors"]
    shares = [n["share_of_range"] for n in report_json["nearest_factors"]]
    assert shares == sorted(shares) and all(0 <= s <= 1 for s in shares)
    near = report_json["nearest_factors"][0]
    values = dict(tri.scenarios["baseline"].values)
    game = model_game()
    low, high = near["range"]

    def pure_set(x: float) -> set:
        point = {**values, near["factor"]: x}
        g = game.subs({n: point[n] for n in game.factors})
        return {tuple(int(np.argmax(p)) for p in e.profile) for e in tri.pure_equilibria(g)}

    step = 1e-6 * (high - low) * (1 if near["direction"] == "up" else -1)
    before = pure_set(near["threshold"] - step)
    assert before == pure_set(near["value"])  # nothing changes before the threshold
    assert pure_set(near["threshold"] + step) != before


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown(fmt, capsys):
    assert main([*QUICK, "--format", fmt, "--nearest", "0"]) == 0
    out = capsys.readouterr().out
    for cid in tri.claims:
        assert cid in out
    if fmt == "markdown":
        assert "| claim | article | kind | verdict | why |" in out
        rows = [line for line in out.splitlines() if line.startswith("| `c0")]
        assert len(rows) == 2 * len(tri.claims)  # the verdicts here, then on every form
        assert all(line.count(" | ") == 4 for line in rows[:len(tri.claims)])  # "|" escaped
        assert "### Claims on every model form" in out
    else:
        assert "Equilibria" in out and "Russia's response to each US move" in out
        assert max(len(line) for line in out.splitlines()) <= 100


def test_other_scenario_labels_the_seats(capsys):
    assert main([*QUICK, "--scenario", "1972", "--nearest", "0"]) == 0
    out = capsys.readouterr().out
    assert "China (1972) in the seat of Russia" in out


def test_unknown_scenario_exits_2_with_suggestions(capsys):
    assert main([*QUICK, "--scenario", "basline"]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'basline'" in err and "'baseline'" in err


def test_bad_format_and_help(capsys):
    assert main([*QUICK, "--format", "html"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "analyze" in capsys.readouterr().out
    assert main(["analyze", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--scenario" in out and "--format" in out
    assert main([]) == 0  # no command: the help
    assert "usage: triangle" in capsys.readouterr().out


def test_register_command_adds_a_subcommand(capsys):
    register_command("echo-test", "repeat a word", lambda p: p.add_argument("word"),
                     lambda args: print(args.word) or 0)
    try:
        assert main(["echo-test", "triangle"]) == 0
        assert capsys.readouterr().out.strip() == "triangle"
    finally:
        del COMMANDS["echo-test"]


def test_analysis_as_data():
    report = analyze("baseline", nearest=0, claims=False)
    assert report.claims == [] and report.nearest == []
    assert report.render("json") == report.to_json()
    with pytest.raises(ValueError, match="unknown format"):
        report.render("html")
    with pytest.raises(tri.UnknownNameError):
        analyze("nowhere")


@pytest.mark.slow  # a subprocess running analyze; main() is tested in-process
def test_installed_command_runs():
    exe = shutil.which("triangle")
    cmd = [exe] if exe else [sys.executable, "-m", "triangle.cli"]
    done = subprocess.run([*cmd, "analyze", "--format", "json", "--nearest", "0"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {c["id"] for c in data["claims"]} == set(tri.claims)
    bad = subprocess.run([*cmd, "analyze", "--scenario", "basline"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert bad.returncode == 2 and "did you mean" in bad.stderr


# --------------------------------------------------------------------- the user's calibrations
def run(argv: list[str]) -> tuple[int, str, str]:
    """``main(argv)`` in-process: (status, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


MINE = """
[[scenario]]
name = "uneasy"
title = "An uneasy Beijing"
description = "China's unease at the US courting Moscow near the top of its range."

[[scenario.override]]
factor = "beijing_unease"
value = 1.6
provenance = "assumed"
reason = "A test of the threshold the baseline report names."
"""


def test_set_a_factor_on_the_command_line():
    status, out, err = run([*QUICK, "--set", "beijing_unease=1.6", "--nearest", "0",
                            "--format", "json"])
    assert status == 0, err
    data = json.loads(out)
    assert data["scenario"] == "baseline+set"
    assert data["provenance"]["values"]["beijing_unease"] == 1.6
    assert data["provenance"]["base"] == "baseline" and data["provenance"]["outside"] == []
    expected = tri.scenarios["baseline"].with_values(beijing_unease=1.6)
    assert data["provenance"]["digest"] == expected.digest
    pure = {tuple(e["outcome"].values()) for e in data["equilibria"] if e["pure"]}
    assert pure == {tuple(s[0] for s in e.support)
                    for e in tri.pure_equilibria(expected.game())}
    status, out, _ = run([*QUICK, "--set", "beijing_unease=1.6", "--set", "hedge_depth=3/10",
                          "--nearest", "0", "--scenario", "1972"])
    assert status == 0 and "Set against scenario '1972': " in out
    assert "beijing_unease=1.6" in out and "hedge_depth=0.3" in out


@pytest.mark.parametrize("argv, words", [
    (["--set", "sanctions_relief=5"], ["--set sanctions_relief=5", "[0.2, 1]",
                                       "--allow-out-of-range"]),
    (["--set", "sanction_relief=0.5"], ["unknown factor 'sanction_relief'",
                                        "did you mean 'sanctions_relief'"]),
    (["--set", "sanctions_relief=high"], ["--set sanctions_relief=high", "not a number"]),
    (["--set", "sanctions_relief"], ["expected FACTOR=VALUE"]),
    (["--set", "sanctions_relief=nan"], ["finite"]),
    (["--set", "hedge_depth=0.3", "--set", "hedge_depth=0.4"], ["given twice"]),
    (["--scenario", "basline"], ["unknown scenario 'basline'", "did you mean 'baseline'"]),
    (["--nearest", "-1"], ["--nearest", "whole number >= 0"]),
    (["--nearest", "x"], ["--nearest", "whole number >= 0"]),
    (["--scenario-file", "no/such/file.toml"], ["--scenario-file no/such/file.toml",
                                                "no such file"]),
])
def test_usage_errors_exit_2_in_the_users_terms(argv, words):
    status, out, err = run([*QUICK, "--nearest", "0", *argv])
    assert status == 2 and out == ""
    for word in words:
        assert word in err, (word, err)
    assert "allow_out_of_range" not in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if "error" in line]) == 1


def test_values_out_of_range_with_permission_are_marked():
    status, out, err = run([*QUICK, "--set", "sanctions_relief=5", "--allow-out-of-range",
                            "--nearest", "0"])
    assert status == 0, err
    flat = " ".join(out.split())  # the text report wraps long lines
    assert "Outside the plausible range (allowed): sanctions_relief." in flat
    assert "outside the plausible range: sanctions_relief" in flat  # in the provenance line
    status, out, _ = run([*QUICK, "--set", "sanctions_relief=5", "--allow-out-of-range",
                          "--nearest", "0", "--format", "json"])
    assert json.loads(out)["provenance"]["outside"] == ["sanctions_relief"]


def test_scenario_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MINE, encoding="utf-8")
    status, out, err = run([*QUICK, "--scenario-file", str(path), "--nearest", "0",
                            "--format", "json"])
    assert status == 0, err
    data = json.loads(out)
    assert data["scenario"] == "uneasy" and data["provenance"]["source"] == str(path)
    assert data["provenance"]["values"]["beijing_unease"] == 1.6
    # two scenarios in a file: --scenario chooses, its absence is a usage error
    two = tmp_path / "two.toml"
    two.write_text(MINE + MINE.replace('"uneasy"', '"calm"').replace("1.6", "0.3"), "utf-8")
    status, out, err = run([*QUICK, "--scenario-file", str(two), "--scenario", "calm",
                            "--nearest", "0", "--format", "json"])
    assert status == 0 and json.loads(out)["provenance"]["values"]["beijing_unease"] == 0.3
    status, _, err = run([*QUICK, "--scenario-file", str(two), "--nearest", "0"])
    assert status == 2 and "holds 2 scenarios (uneasy, calm); choose one with --scenario" in err
    status, _, err = run([*QUICK, "--scenario-file", str(two), "--scenario", "clam"])
    assert status == 2 and "did you mean 'calm'" in err
    # a shipped scenario may still be chosen beside a file
    status, out, _ = run([*QUICK, "--scenario-file", str(path), "--scenario", "1972",
                          "--nearest", "0", "--format", "json"])
    assert status == 0 and json.loads(out)["scenario"] == "1972"
    bad = tmp_path / "bad.toml"
    bad.write_text(MINE.replace("1.6", "9"), "utf-8")
    status, out, err = run([*QUICK, "--scenario-file", str(bad), "--nearest", "0"])
    assert status == 2 and out == ""
    assert f"{bad}: scenario 'uneasy': override 'beijing_unease', field 'value'" in err
    assert "--allow-out-of-range" in err
    status, _, _ = run([*QUICK, "--scenario-file", str(bad), "--allow-out-of-range",
                        "--nearest", "0"])
    assert status == 0


def test_scenarios_command(tmp_path):
    status, out, _ = run(["scenarios"])
    assert status == 0
    for name, s in tri.scenarios.items():
        assert f"{name} ({s.year}): {s.title}" in out
    assert "draws on Heybatov (2025)" in out and "Petrenko (2025)" in out
    status, out, _ = run(["scenarios", "--format", "json"])
    rows = json.loads(out)
    assert [r["name"] for r in rows] == list(tri.scenarios)
    assert rows[1]["articles"] == [{"file": "000_7475e70f1ac1d690.txt",
                                    "label": "Heybatov (2025)", "key": "heybatov2025"}]
    path = tmp_path / "mine.toml"
    path.write_text(MINE, encoding="utf-8")
    status, out, _ = run(["scenarios", "--scenario-file", str(path), "--format", "markdown"])
    assert status == 0 and "| `uneasy` | 2025 | An uneasy Beijing |" in out
    path.write_text(MINE.replace("beijing_unease", "beijing_unrest"), encoding="utf-8")
    status, _, err = run(["scenarios", "--scenario-file", str(path)])
    assert status == 2 and "did you mean 'beijing_unease'" in err


def test_help_lists_the_scenario_names():
    for argv in (["--help"], ["analyze", "--help"], ["claims", "--help"], ["report", "--help"]):
        status, out, _ = run(argv)
        assert status == 0
        flat = " ".join(out.split())
        for name in tri.scenarios:
            assert name in flat, (argv, name)
    status, out, _ = run(["--help"])
    assert "scenarios" in out and "report" in out


# Each run labels the claims on every form (seconds): tests/test_claims_command.py runs
# json with --labels 0 in the quick loop.
@pytest.mark.parametrize(
    "fmt",
    [pytest.param(f, marks=pytest.mark.slow) for f in ("text", "markdown", "latex", "json")],
)
def test_claims_formats_and_scenario(fmt):
    status, out, err = run(["claims", "--samples", "100", "--seed", "3", "--format", fmt,
                            "--scenario", "petrenko_002"])
    assert status == 0, err
    if fmt == "json":
        data = json.loads(out)
        assert data["scenario"] == "petrenko_002" and data["samples"] == 100
        assert data["provenance"]["seed"] == 3 and data["provenance"]["samples"] == 100
        assert data["provenance"]["options"] == {"china_punishes": "us"}
        assert {c["id"] for c in data["claims"]} == set(tri.claims)
        for c in data["claims"]:
            claim = tri.claims[c["id"]]
            where = "petrenko_002" if claim.scenario == "baseline" else claim.scenario
            assert c["holds_at_baseline"] == claim.holds(where)
            for form, v in c["by_form"].items():
                if v["label"] != "not applicable":
                    assert v["at_scenario"] == claim.holds(where, form=form), (c["id"], form)
            assert set(c["by_form"]) >= set(FORMS) and isinstance(c["order_dependent"], bool)
    elif fmt == "latex":
        assert "\\begin{tabular}" in out and "\\toprule" in out and "\\bottomrule" in out
        first = out[:out.index("\\end{tabular}")]
        assert first.count(" \\\\\n") == len(tri.claims) + 1  # header and one row per claim
        second = out[out.index("% Claims on every model form"):]
        assert second.count(" \\\\\n") == len(tri.claims) + 1
        assert "% values digest" in out
    elif fmt == "markdown":
        rows = [line for line in out.splitlines() if line.startswith("| `c0")]
        assert len(rows) == 2 * len(tri.claims) and "### Provenance" in out
        assert "### Claims on every model form" in out
    else:
        assert out.startswith("At scenario 'petrenko_002'") and "Provenance: triangle" in out


def test_nearest_zero_says_it_did_not_search(capsys):
    assert main([*QUICK, "--nearest", "0"]) == 0
    out = capsys.readouterr().out
    assert "not searched (asked for 0 factors)" in out
    assert "no single factor changes them" not in out
    assert main([*QUICK, "--nearest", "0", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "Not searched" in out and "None: no single factor" not in out
    assert json.loads(analyze("baseline", nearest=0, claims=False).to_json())[
        "nearest_searched"] is False
    with pytest.raises(tri.errors.InvalidArgumentError, match="whole number >= 0"):
        analyze("baseline", nearest=-1)


def test_json_keeps_its_keys_and_gains_provenance(report_json):
    for key in ("scenario", "model", "options", "solver", "notes", "equilibria",
                "best_responses", "claims", "claims_holding", "nearest_factors"):
        assert key in report_json
    prov = report_json["provenance"]
    assert prov["version"] == tri.__version__
    assert prov["values"] == dict(tri.scenarios["baseline"].values)
    assert prov["digest"] == tri.scenarios["baseline"].digest
    for key in ("commit", "date", "python", "numpy", "sympy", "scenario", "options"):
        assert key in prov
    assert report_json["labels"] == {"US": "US", "Russia": "Russia", "China": "China"}


def test_output_file_and_markdown_provenance(tmp_path):
    target = tmp_path / "out.md"
    status, out, err = run([*QUICK, "--nearest", "0", "--format", "markdown", "-o",
                            str(target)])
    assert status == 0 and out == "" and err == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("## The simultaneous model at scenario `baseline`")
    assert "### Provenance" in text and tri.scenarios["baseline"].digest in text
    assert "| `sanctions_relief` | 0.5 |" in text  # every factor value


# --------------------------------------------------------------------- conventions
def test_runtime_errors_exit_1_in_one_line():
    def broken(args):
        raise tri.errors.SolverError("no verified answer")

    def buggy(args):
        return 1 // 0

    register_command("broken-test", "fails", lambda p: None, broken)
    register_command("buggy-test", "has a bug", lambda p: None, buggy)
    try:
        status, _, err = run(["broken-test"])
        assert status == 1 and err == "triangle broken-test: error: no verified answer\n"
        status, _, err = run(["buggy-test"])
        assert status == 1 and len(err.splitlines()) == 1 and "Traceback" not in err
        assert "internal error: ZeroDivisionError" in err and "--debug" in err
        for argv in (["buggy-test", "--debug"], ["--debug", "buggy-test"]):
            status, _, err = run(argv)
            assert status == 1 and "Traceback" in err and "ZeroDivisionError" in err
    finally:
        del COMMANDS["broken-test"], COMMANDS["buggy-test"]


def command(*args: str) -> list[str]:
    exe = shutil.which("triangle")
    return [exe, *args] if exe else [sys.executable, "-m", "triangle.cli", *args]


def assert_one_clean_line(err: str, *words: str) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, (word, err)


class _GoneReader(io.StringIO):
    """A standard output whose reader has left: every write raises BrokenPipeError."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_broken_pipe_is_reported_in_process(capsys, monkeypatch):
    """The quick stand-in of test_broken_pipe_is_reported: the same error path in main(),
    without a subprocess (which alone also shows nothing is printed at interpreter exit).
    capsys comes first so that monkeypatch gives its stream back before capsys restores."""
    monkeypatch.setattr(sys, "stdout", _GoneReader())
    status = main(["scenarios"])
    assert status == 1
    assert_one_clean_line(capsys.readouterr().err, "triangle scenarios: error:", "broken pipe")


@pytest.mark.slow  # a subprocess; test_a_broken_pipe_is_reported_in_process stands for it
def test_broken_pipe_is_reported():
    """`triangle scenarios | true`: the reader leaves before the output is written."""
    with subprocess.Popen(command("scenarios"), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:
        proc.stdout.close()  # the reader is gone before the command writes
        err = proc.stderr.read()
        status = proc.wait(timeout=300)
    assert status == 1
    assert_one_clean_line(err, "triangle scenarios: error:", "broken pipe")


@pytest.mark.slow  # a subprocess; test_a_broken_pipe_is_reported_in_process stands for it
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full is Linux's")
def test_a_full_disk_is_reported(tmp_path):
    done = subprocess.run(command("scenarios", "-o", "/dev/full"), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 1
    assert_one_clean_line(done.stderr, "could not write /dev/full", "No space left on device")
    with open("/dev/full", "w") as full:
        done = subprocess.run(command("scenarios"), stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=300, check=False)
    assert done.returncode == 1
    assert_one_clean_line(done.stderr, "could not write the output", "No space left on device")


@pytest.mark.slow  # a subprocess; test_a_broken_pipe_is_reported_in_process stands for it
def test_a_closed_output_is_reported():
    done = subprocess.run(["sh", "-c", '"$@" >&-', "sh", *command("scenarios")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1
    assert_one_clean_line(done.stderr, "standard output is closed")


def test_json_claims_on_every_form_with_labels_and_provenance(report_json):
    from triangle.verdicts.labels import LABELS

    for c in report_json["claims"]:
        for key in ("id", "source", "statement", "by_form", "order_dependent", "deciding"):
            assert key in c, key
        assert set(c["by_form"]) >= set(FORMS)
        claim = tri.claims[c["id"]]
        for form, v in c["by_form"].items():
            if v["label"] == "not applicable":
                assert v["at_scenario"] is None and v["share"] is None and v["reason"]
                continue
            assert v["label"] in LABELS and 0.0 <= v["share"] <= 1.0
            assert set(v["by_prior"]) == {"uniform", "log-uniform", "triangular"}
            labels = {p["label"] for p in v["by_prior"].values()}
            assert v["prior_sensitive"] == (len(labels) > 1)
            assert v["by_prior"]["uniform"] == {"share": v["share"], "label": v["label"]}
            assert v["at_scenario"] == claim.holds(c["scenario"], form=form), (c["id"], form)
            for d in c["deciding"][form]:
                assert d["provenance"] == tri.factors[d["factor"]].provenance
        moves = [c["by_form"][f]["at_scenario"] for f in FORMS]
        if len(set(moves)) > 1:
            assert c["order_dependent"]
    assert any(c["order_dependent"] for c in report_json["claims"])
