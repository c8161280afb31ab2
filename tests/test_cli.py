"""The ``triangle`` command: ``triangle analyze`` in every format, errors, help."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def report_json():
    """One full ``triangle analyze --format json`` run, in-process, parsed."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["analyze", "--format", "json"])
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
    assert main(["analyze", "--format", fmt, "--nearest", "0"]) == 0
    out = capsys.readouterr().out
    for cid in tri.claims:
        assert cid in out
    if fmt == "markdown":
        assert "| claim | article | kind | verdict | why |" in out
        rows = [line for line in out.splitlines() if line.startswith("| `c")]
        assert len(rows) == len(tri.claims)
        assert all(line.count(" | ") == 4 for line in rows)  # "|" in details is escaped
    else:
        assert "Equilibria" in out and "Russia's response to each US move" in out
        assert max(len(line) for line in out.splitlines()) <= 100


def test_other_scenario_labels_the_seats(capsys):
    assert main(["analyze", "--scenario", "1972", "--nearest", "0"]) == 0
    out = capsys.readouterr().out
    assert "China (1972) in the seat of Russia" in out


def test_unknown_scenario_exits_2_with_suggestions(capsys):
    assert main(["analyze", "--scenario", "basline"]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'basline'" in err and "'baseline'" in err


def test_bad_format_and_help(capsys):
    assert main(["analyze", "--format", "html"]) == 2
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
