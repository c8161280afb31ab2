"""triangle.equilibria against pygambit's answers.

Stored answers (tests/data/gambit_oracle.json, written by scripts/make_gambit_oracle.py)
run everywhere; the tests marked ``oracle`` call pygambit itself and are skipped where it
is not installed. pygambit is not ground truth: its ``enumpoly`` misses equilibria of
ordinary games, so the checks are one-sided (everything it finds, we find) plus the
independent verification of everything we return.
"""

import json

import numpy as np
import pytest

import triangle as tri
from tests.paths import DATA as DATA_DIR

ORACLE = json.loads((DATA_DIR / "gambit_oracle.json").read_text())
GAMES = ORACLE["games"]
TOL = 1e-6


def split(game: tri.NormalFormGame, flat) -> tuple[np.ndarray, ...]:
    return tuple(np.split(np.asarray(flat, dtype=float), np.cumsum(game.shape)[:-1]))


def flat(eq) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in eq.profile])


def found(ours, target) -> bool:
    return any(np.abs(flat(e) - np.asarray(target)).max() < TOL for e in ours)


_solved: dict[str, tuple[tri.NormalFormGame, tri.Equilibria]] = {}


def solve(entry):
    if entry["id"] not in _solved:
        game = tri.NormalFormGame(np.array(entry["payoffs"]))
        _solved[entry["id"]] = (game, tri.equilibria(game))
    return _solved[entry["id"]]


def oracle_equilibria(entry, solvers=("enummixed", "enumpoly", "gnm")):
    out = []
    for name in solvers:
        run = entry["solvers"].get(name)
        if run and run["status"] == "ok":
            out += [(name, eq) for eq in run["equilibria"]]
    return out


def test_oracle_file_is_small_and_complete():
    path = DATA_DIR / "gambit_oracle.json"
    assert path.stat().st_size < 1_000_000
    assert {len(g["shape"]) for g in GAMES} >= {2, 3}
    assert all(g["solvers"]["enumpure"]["status"] == "ok" for g in GAMES)


@pytest.mark.parametrize("entry", GAMES, ids=[g["id"] for g in GAMES])
def test_against_stored_answers(entry):
    game, ours = solve(entry)
    for e in ours:
        assert tri.is_equilibrium(game, e.profile)
    # Pure equilibria: exactly Gambit's (ties count as best replies on both sides).
    pure = {tuple(np.round(eq, 9)) for eq in entry["solvers"]["enumpure"]["equilibria"]}
    assert {tuple(np.round(flat(e), 9)) for e in ours if e.is_pure} == pure
    for name, eq in oracle_equilibria(entry):
        # Gambit's answers are equilibria (at its own looser tolerance) ...
        assert max(tri.regret(game, split(game, eq))) < 1e-4, (name, eq)
        # ... and every one of a nondegenerate game is among ours. In a degenerate game
        # one we do not list must lie where we reported degeneracy (a continuum).
        if not found(ours, eq):
            assert entry["integer"] and ours.degenerate, (name, eq, ours)


def test_we_find_at_least_what_enumpoly_finds():
    """On the generic three- and four-player games: everything enumpoly or gnm finds, we
    find; we find strictly more than enumpoly overall (enumpoly misses equilibria), and
    each extra one passed the independent check when it was returned."""
    more = fewer = 0
    for entry in GAMES:
        if len(entry["shape"]) < 3 or entry["integer"]:
            continue
        _, ours = solve(entry)
        assert not ours.degenerate
        theirs = oracle_equilibria(entry, ("enumpoly",))
        assert all(found(ours, eq) for _, eq in oracle_equilibria(entry, ("enumpoly", "gnm")))
        more += len(ours) > len(theirs)
        fewer += len(ours) < len(theirs)
        # Generic games have an odd number of equilibria (Wilson 1971).
        assert len(ours) % 2 == 1
    assert fewer == 0 and more > 0


@pytest.mark.oracle
@pytest.mark.parametrize("seed", range(4))
def test_live_pygambit(seed):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    for shape in [(2, 2, 2), (3, 3, 3), (4, 4)]:
        u = rng.random((len(shape), *shape))
        g = gbt.Game.from_arrays(*u)
        game = tri.NormalFormGame(u)
        ours = tri.equilibria(game)
        runs = [gbt.nash.enumpure_solve(g), gbt.nash.gnm_solve(g)]
        runs.append(gbt.nash.enumpoly_solve(g) if len(shape) > 2 else gbt.nash.enummixed_solve(g))
        for run in runs:
            for eq in run.equilibria:
                vec = [float(eq[p][s]) for p in g.players for s in p.strategies]
                assert found(ours, vec), (shape, vec)
