"""Support enumeration on larger N-player games: pygambit as oracle, bounded work, progress.

Stored answers (tests/data/nplayer_gambit.json, written by scripts/make_nplayer_oracle.py)
run everywhere; the tests marked ``oracle`` call pygambit itself and are skipped where it
is not installed. pygambit is not ground truth: ``enumpoly`` misses equilibria of
ordinary games and accepts near-solutions within its ``maxregret`` (1e-4 of the payoff
range), and ``gnm`` finds some equilibria only. So the checks are: everything
``enumpoly`` or ``gnm`` finds that is an equilibrium, we find; anything of theirs we do
not list is shown not to be an equilibrium (its regret) or to lie on a continuum our
notes report; and every equilibrium we return passes the independent check.
"""

import json
import re

import numpy as np
import pytest

import triangle as tri
import triangle.solvers._support_candidates as candidates_module
import triangle.solvers._support_plan as plan_module
import triangle.solvers._support_solve as solve_module
import triangle.solvers._support_systems as systems_module
import triangle.solvers.support_enumeration as se_module
from tests.paths import DATA as DATA_DIR
from triangle.errors import (
    InvalidArgumentError,
    InvalidProgressError,
    TriangleError,
    WorkLimitError,
)
from triangle.solvers.support_enumeration import (
    estimate_support_enumeration,
    support_enumeration,
)

ORACLE = json.loads((DATA_DIR / "nplayer_gambit.json").read_text())
GAMES = ORACLE["games"]
TOL = 1e-6


def flat(eq) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in eq.profile])


def split(game: tri.NormalFormGame, vec) -> tuple[np.ndarray, ...]:
    return tuple(np.split(np.asarray(vec, dtype=float), np.cumsum(game.shape)[:-1]))


def found(ours, vec) -> bool:
    return any(np.abs(flat(e) - np.asarray(vec)).max() < TOL for e in ours)


def same_sets(a, b, tol=1e-7) -> bool:
    fa, fb = [flat(e) for e in a], [flat(e) for e in b]
    return len(fa) == len(fb) and all(any(np.abs(x - y).max() < tol for y in fb) for x in fa)


def support_text(game: tri.NormalFormGame, vec) -> str:
    """The support of a flat profile, written as the notes write it."""
    parts = []
    for p, names, x in zip(game.players, game.strategies, split(game, vec)):
        used = [names[j] for j in np.flatnonzero(x > 1e-7)]
        parts.append(f"{p}: {{{', '.join(used)}}}")
    return "; ".join(parts)


def random_game(shape, seed, integer=False) -> tri.NormalFormGame:
    rng = np.random.default_rng(seed)
    size = (len(shape), *shape)
    u = rng.integers(-1, 2, size=size) if integer else rng.random(size)
    return tri.NormalFormGame(u)


_solved: dict[str, tuple[tri.NormalFormGame, tri.Equilibria]] = {}


def solve(entry):
    if entry["id"] not in _solved:
        game = tri.NormalFormGame(np.array(entry["payoffs"]))
        _solved[entry["id"]] = (game, support_enumeration(game))
    return _solved[entry["id"]]


def is_large(entry) -> bool:
    return int(np.prod(entry["shape"])) > 32


# ---------------------------------------------------------------------------- stored oracle


def test_oracle_file_is_small_and_covers_the_sizes():
    path = DATA_DIR / "nplayer_gambit.json"
    assert path.stat().st_size < 1_000_000
    shapes = {tuple(g["shape"]) for g in GAMES}
    assert {(2, 2, 2, 2), (3, 3, 3, 3), (4, 4, 4)} <= shapes
    assert all(g["solvers"]["enumpure"]["status"] == "ok" for g in GAMES)


@pytest.mark.parametrize(
    "entry",
    [pytest.param(g, marks=pytest.mark.slow) if is_large(g) else g for g in GAMES],
    ids=[g["id"] for g in GAMES],
)
def test_against_stored_answers(entry):
    game, ours = solve(entry)
    for e in ours:
        assert tri.is_equilibrium(game, e.profile)
    pure = {tuple(np.round(eq, 9)) for eq in entry["solvers"]["enumpure"]["equilibria"]}
    assert {tuple(np.round(flat(e), 9)) for e in ours if e.is_pure} == pure
    continua = [n for n in ours.notes if n.startswith("a continuum")]
    for name in ("enumpoly", "gnm"):
        run = entry["solvers"][name]
        if run["status"] != "ok":
            continue
        for vec in run["equilibria"]:
            if found(ours, vec):
                continue
            regret = max(tri.regret(game, split(game, vec)))
            if entry["integer"]:
                # A degenerate game: what we do not list lies on a continuum we report.
                assert ours.degenerate
                assert any(support_text(game, vec) in n for n in continua), (name, vec)
            else:
                # Not an equilibrium: a near-solution within pygambit's own tolerance.
                assert name == "enumpoly" and regret > 1e-6, (name, vec, regret)
    if not entry["integer"]:
        assert not ours.degenerate and ours.notes == ()
        assert len(ours) % 2 == 1  # generic games have an odd number (Wilson 1971)


@pytest.mark.slow
def test_we_find_more_than_enumpoly_and_everything_gnm_finds():
    more = fewer = 0
    for entry in GAMES:
        if entry["integer"]:
            continue
        game, ours = solve(entry)
        poly = entry["solvers"]["enumpoly"]
        if poly["status"] == "ok":
            true = [v for v in poly["equilibria"] if max(tri.regret(game, split(game, v))) < TOL]
            more += len(ours) > len(true)
            fewer += len(ours) < len(true)
        gnm = entry["solvers"]["gnm"]
        if gnm["status"] == "ok":
            assert all(found(ours, v) for v in gnm["equilibria"]), entry["id"]
    assert fewer == 0 and more > 0


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (3, 3, 3, 3), (4, 4, 4)])
def test_live_pygambit_enumpoly_and_gnm(shape):
    gbt = pytest.importorskip("pygambit")
    game = random_game(shape, seed=103)  # a seed on which enumpoly takes about 1 s
    g = gbt.Game.from_arrays(*np.asarray(game.payoffs, dtype=float))
    ours = support_enumeration(game)
    assert all(tri.is_equilibrium(game, e.profile) for e in ours)
    assert len(ours) % 2 == 1 and not ours.degenerate
    for run in (gbt.nash.enumpoly_solve(g), gbt.nash.gnm_solve(g)):
        for eq in run.equilibria:
            vec = [float(eq[p][s]) for p in g.players for s in p.strategies]
            regret = max(tri.regret(game, split(game, vec)))
            assert found(ours, vec) or regret > 1e-6, (vec, regret)


# ---------------------------------------------------------------------------- soundness


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (3, 3, 3), (2, 3, 3)])
@pytest.mark.parametrize("integer", [False, True])
def test_pruning_removes_no_equilibrium(shape, seed, integer, monkeypatch):
    game = random_game(shape, seed, integer)
    pruned = support_enumeration(game)
    tables = candidates_module.dominance_tables
    monkeypatch.setattr(
        candidates_module, "dominance_tables", lambda u: [np.zeros_like(t) for t in tables(u)]
    )
    every = support_enumeration(game)
    assert same_sets(pruned, every)
    assert pruned.degenerate == every.degenerate


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (3, 3, 3), (2, 3, 4)])
def test_preconditioning_and_grouping_lose_nothing(shape, seed, monkeypatch):
    game = random_game(shape, seed)
    base = support_enumeration(game)
    monkeypatch.setattr(systems_module, "PRECONDITION", False)
    assert same_sets(base, support_enumeration(game))
    monkeypatch.setattr(systems_module, "PRECONDITION", True)
    for vertices in (1, 10**9):  # every signature alone; one padded group
        monkeypatch.setattr(plan_module, "MERGE_VERTICES", vertices)
        assert same_sets(base, support_enumeration(game))


def test_box_tests_keep_every_root():
    """Random boxes around the roots of a full support: never excluded, never narrowed
    past the root, by the single conditions, their preconditioned combinations or
    Krawczyk."""
    full = tuple(np.ones((1, 2), bool) for _ in range(4))
    for seed in range(50):  # the first game with totally mixed equilibria
        u = se_module._scaled(np.asarray(random_game((2, 2, 2, 2), seed).payoffs, dtype=float))
        sy = systems_module.Systems((2, 2, 2, 2), (1, 1, 1, 1))
        chunk = candidates_module.Chunk((2, 2, 2, 2), full, 1)
        roots = solve_module.solve_stream(u, sy, [chunk]).roots
        if roots:
            break
    assert roots
    ctx = systems_module.Context.build(u, sy)
    rng = np.random.default_rng(0)
    for _, prof, _ in roots:
        y = np.array([x[1] for x in prof])
        below = rng.random((200, 4)) * np.minimum(y, 0.3)
        above = rng.random((200, 4)) * np.minimum(1 - y, 0.3)
        lo, hi = y - below, y + above
        sup = np.zeros(200, dtype=np.intp)
        ev = systems_module.box_eval(ctx, sup, lo, hi)
        assert not ev.excluded.any()
        assert np.all((ev.lo <= y + 1e-12) & (y - 1e-12 <= ev.hi))
        _, empty, k_lo, k_hi, _ = systems_module.krawczyk(ev, lo, hi, np.ones(200, bool))
        assert not empty.any()
        assert np.all((k_lo <= y + 1e-12) & (y - 1e-12 <= k_hi))


def test_streaming_in_small_pieces_changes_nothing(monkeypatch):
    """Tiny pools, batches, chunks and index tables (so that profiles join and leave
    the pool, rows are forgotten and batches split) give the same answers, notes too."""
    games = [random_game((3, 3, 3), 1), random_game((2, 2, 2, 2), 2, integer=True)]
    before = [support_enumeration(g) for g in games]
    monkeypatch.setattr(solve_module, "POOL", 4)
    monkeypatch.setattr(solve_module, "ROWS", 8)
    monkeypatch.setattr(solve_module, "BATCH_BYTES", 1)
    monkeypatch.setattr(solve_module, "CLASSIFY_BATCH", 3)
    monkeypatch.setattr(se_module, "_CHUNK", 5)
    for game, old in zip(games, before):
        new = support_enumeration(game)
        assert same_sets(old, new) and old.degenerate == new.degenerate
        assert sorted(n.split(", through")[0] for n in old.notes) == sorted(
            n.split(", through")[0] for n in new.notes
        )


def test_degenerate_four_player_game_reports_continua():
    # Player 4 is indifferent everywhere: every equilibrium of the others extends to a
    # segment of player 4's mixtures.
    u = np.zeros((4, 2, 2, 2, 2))
    u[:3] = np.random.default_rng(3).random((3, 2, 2, 2))[:, :, :, :, None]
    game = tri.NormalFormGame(u)
    eqs = support_enumeration(game)
    assert eqs.degenerate
    assert all(tri.is_equilibrium(game, e.profile) for e in eqs)
    notes = [n for n in eqs.notes if n.startswith("a continuum")]
    assert notes and all("Player 4: {s1, s2}" in n for n in notes)


def test_bezout_numbers_bound_the_known_maxima():
    # McKelvey and McLennan (1997): at most 10 totally mixed equilibria in 3x3x3 games,
    # and d(n) (derangements) for n players with two strategies: 2, 9, 44.
    assert plan_module.bezout((2, 2, 2)) == 10
    assert [plan_module.bezout((1,) * n) for n in (3, 4, 5)] == [2, 9, 44]
    assert plan_module.bezout((3, 0, 0)) == 0  # structurally singular


# ---------------------------------------------------------------------------- bounded work


def test_estimate_counts_profiles_and_candidates_exactly_on_small_games():
    game = random_game((3, 3, 3, 3), 0)
    work = estimate_support_enumeration(game)
    assert work.profiles == 7**4 - 3**4 and work.complete
    u = se_module._scaled(np.asarray(game.payoffs, dtype=float))
    tables = candidates_module.dominance_tables(u)
    exact = sum(
        c.size
        for sig in candidates_module.signatures((3, 3, 3, 3))
        for c in candidates_module.chunks(u, tables, sig, 100)
    )
    assert work.candidates == exact
    assert work.unknowns == 8 and 0 < work.seconds < 60 and work.memory < 2**31
    assert "3x3x3x3 game" in str(work)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 2, 2), (4, 2)])
def test_listing_all_profiles_at_once_matches_the_chunks(shape):
    u = se_module._scaled(np.asarray(random_game(shape, 1, integer=True).payoffs, dtype=float))
    tables = candidates_module.dominance_tables(u)
    listed = candidates_module.list_all(u, tables)
    for sig in candidates_module.signatures(shape):
        parts = list(candidates_module.chunks(u, tables, sig, 7))
        for i in range(len(shape)):
            assert np.array_equal(listed[sig][i], np.concatenate([c.support[i] for c in parts]))


def test_large_games_are_refused_with_advice():
    game = random_game((7, 7, 7), 0)
    work = estimate_support_enumeration(game)
    assert work.seconds > se_module.MAX_SECONDS
    with pytest.raises(WorkLimitError) as info:
        support_enumeration(game)
    message = str(info.value)
    assert "7x7x7 game" in message and "max_seconds" in message
    assert "iterated_elimination" in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, TriangleError)


def test_huge_games_are_refused_before_any_table_is_built(monkeypatch):
    game = random_game((22, 22), 0)

    def forbidden(u):
        raise AssertionError("tables built for a game refused on its size alone")

    monkeypatch.setattr(candidates_module, "dominance_tables", forbidden)
    work = estimate_support_enumeration(game)
    assert not work.complete and work.profiles > 10**13 and "at least" in str(work)
    with pytest.raises(WorkLimitError, match="at least"):
        support_enumeration(game)


def test_max_seconds(monkeypatch):
    game = random_game((3, 3, 3), 0)
    with pytest.raises(WorkLimitError, match="max_seconds=1e-06"):
        support_enumeration(game, max_seconds=1e-6)
    assert same_sets(support_enumeration(game, max_seconds=None), support_enumeration(game))
    for bad in (0, -1, float("inf"), float("nan"), "soon"):
        with pytest.raises(InvalidArgumentError, match="max_seconds"):
            support_enumeration(game, max_seconds=bad)
    monkeypatch.setattr(se_module, "MAX_MEMORY", 1)
    with pytest.raises(WorkLimitError, match="GiB"):
        support_enumeration(game)


# ---------------------------------------------------------------------------- progress


def test_progress_callback_counts_up_to_its_total():
    seen: list[tuple[int, int]] = []
    game = random_game((2, 2, 2, 2, 2), 1)
    eqs = support_enumeration(game, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 3
    totals = {t for _, t in seen}
    assert len(totals) == 1
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == totals.pop()
    assert same_sets(eqs, support_enumeration(game))


def test_progress_bar_on_stderr(capsys):
    support_enumeration(random_game((2, 2, 2, 2), 0), progress=True)
    err = capsys.readouterr().err
    assert "support enumeration [" in err and "100.0%" in err and err.endswith("\n")


def test_bad_progress_argument():
    with pytest.raises(InvalidProgressError):
        support_enumeration(random_game((2, 2, 2), 0), progress="yes")


def test_interruption_propagates_and_leaves_no_state():
    game = random_game((2, 2, 2, 2, 2), 2)
    calls = [0]

    def interrupt(done, total):
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        support_enumeration(game, progress=interrupt)
    assert calls[0] == 3
    fresh = support_enumeration(game)
    assert fresh.notes == () and len(fresh) % 2 == 1
    assert all(tri.is_equilibrium(game, e.profile) for e in fresh)


def test_interrupted_bar_ends_its_line(capsys, monkeypatch):
    game = random_game((3, 3, 3, 3), 2)
    levels = [0]
    level = solve_module._level

    def stop_after_some(*args, **kwargs):
        levels[0] += 1
        if levels[0] == 20:
            raise KeyboardInterrupt
        return level(*args, **kwargs)

    monkeypatch.setattr(solve_module, "_level", stop_after_some)
    with pytest.raises(KeyboardInterrupt):
        support_enumeration(game, progress=True)
    err = capsys.readouterr().err
    assert err.endswith("\n") and re.search(r"\d+\.\d%", err)
