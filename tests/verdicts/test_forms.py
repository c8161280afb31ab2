"""Claims on every model form: vectorised backward induction against the tree solver."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import triangle as tri
from triangle.errors import UnknownNameError, UnsupportedGameError
from triangle.games.normal_form import NormalFormGame
from triangle.games.sequential import SequentialGame
from triangle.models.simultaneous import PLAYERS, STRATEGIES
from triangle.verdicts.checks import CHECKS
from triangle.verdicts.claims import evaluate_claims, tie_dependence
from triangle.verdicts.forms import (
    FORMS,
    PLANNED_FORMS,
    FormContext,
    available_forms,
    check_form,
    form_applies,
    form_tree,
    register_form,
    spe_outcomes,
    unregister_form,
)

SEQUENTIAL = [f for f in FORMS if f != "simultaneous"]


def random_samples(k: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {f.id: rng.uniform(f.low, f.high, k) for f in tri.factors.values()}


def _build(form: str, game: NormalFormGame) -> SequentialGame:
    if form == "us_first":
        return tri.models.sequential(game=game)
    return tri.models.china_first(game=game)


def _pruned(tree: SequentialGame, us: str | None) -> SequentialGame:
    """The same tree with the US held to ``us`` at each of its nodes (a one-move node)."""
    nodes = tree.tree.nodes

    def build(k: int):
        node = nodes[k]
        if node.kind == "leaf":
            return tuple(float(p) for p in node.payoffs)
        player = tree.players[node.player]
        pairs = list(zip(node.moves, node.children))
        if player == "US" and us is not None:
            pairs = [(m, c) for m, c in pairs if m == us]
        return (player, {m: build(c) for m, c in pairs})

    return SequentialGame(build(0), players=tree.players)


class Reference(FormContext):
    """Equilibria and responses from triangle.backward_induction, one sample at a time."""

    def _outcomes(self, us):
        key = ("ref", us)
        if key not in self._memo:
            cells = self.cells  # (3, 3, 3, 3, K)
            mask = np.zeros((3, 3, 3, self.k), dtype=bool)
            for s in range(self.k):
                game = NormalFormGame(cells[..., s], PLAYERS, STRATEGIES)
                tree = _pruned(_build(self.form, game), us)
                for eq in tri.backward_induction(tree):
                    (path,) = eq.path
                    moves = _moves(self.form, path)
                    cell = [STRATEGIES[i].index(moves[p]) for i, p in enumerate(PLAYERS)]
                    mask[(*cell, s)] = True
            self._memo[key] = mask
        return self._memo[key]


def _moves(form: str, path: tuple[str, ...]) -> dict[str, str]:
    """Each player's move in the cell a path reaches, read from the move names (distinct).

    On china_first the path opens with China's "offer" or "wait"; after an offer that
    Russia does not answer with a pivot the tree has no further Chinese move and the cell
    has China's reward (the offer is binding), otherwise China's answer closes the path."""
    who = {m: p for p, names in zip(PLAYERS, STRATEGIES) for m in names}
    moves = {who[m]: m for m in path if m in who}
    if form == "china_first":
        assert path[0] in ("offer", "wait"), path
        if "China" not in moves:
            assert path[0] == "offer" and moves["Russia"] != "pivot", path
            moves["China"] = "reward"
    return moves


@pytest.mark.parametrize(
    ("form", "k"),
    # 10 samples in the quick loop (the tree solver takes ~0.1 s a sample); 300 in CI
    [(f, 10) for f in SEQUENTIAL] + [pytest.param(f, 300, marks=pytest.mark.slow)
                                     for f in SEQUENTIAL],
)
def test_vectorised_verdicts_equal_the_tree_solver_at_each_sample(form, k):
    samples = random_samples(k, seed=11 + len(form) + k)
    fast = evaluate_claims(samples, form=form)
    base = tri.scenarios["baseline"].values
    refs: dict = {}  # one reference context per model variant, shared by its claims
    for cid, claim in tri.claims.items():
        if claim.model not in refs:  # a claim on a variant of the model: on that game
            game = tri.models.simultaneous(**dict(claim.model)) if claim.model else None
            refs[claim.model] = Reference(samples, form=form, game=game, base=base)
        slow = CHECKS[cid](refs[claim.model]).mask
        assert np.array_equal(fast[cid], slow), (form, cid, np.flatnonzero(fast[cid] != slow))


@pytest.mark.parametrize(
    ("form", "k"),
    # the first 75 of the 300 games in the quick loop (a tree solved per game); all in CI
    [(f, 75) for f in SEQUENTIAL] + [pytest.param(f, 300, marks=pytest.mark.slow)
                                     for f in SEQUENTIAL],
)
def test_outcome_sets_equal_the_union_of_backward_induction_paths(form, k):
    tree = form_tree(form)
    rng = np.random.default_rng(3)
    # small integer payoffs per cell: many ties, several equilibria per game. Leaves pay
    # cells, and on china_first several leaves pay the same cell (after an offer or after
    # waiting), so the outcomes are compared as the cells they reach.
    flat = np.ravel_multi_index(tree.cells.T, (3, 3, 3))
    u_cells = rng.integers(0, 3, size=(3, 27, 300)).astype(float)[..., :k]
    u = u_cells[:, flat]
    fast = spe_outcomes(tree, u)
    for s in range(u.shape[2]):
        cells = u_cells[..., s].reshape(3, 3, 3, 3)
        game = _build(form, NormalFormGame(cells, PLAYERS, STRATEGIES))
        want = np.zeros(27, dtype=bool)
        for eq in tri.backward_induction(game, distinct="outcomes"):
            (path,) = eq.path
            moves = _moves(form, path)
            want[np.ravel_multi_index(
                tuple(STRATEGIES[i].index(moves[p]) for i, p in enumerate(PLAYERS)),
                (3, 3, 3))] = True
        got = np.zeros(27, dtype=bool)
        np.logical_or.at(got, flat, fast[:, s])
        assert np.array_equal(got, want), s
        for pick in ("first", "last"):  # one subgame-perfect outcome among them
            one = spe_outcomes(tree, u[..., s:s + 1], select=pick)[:, 0]
            assert one.sum() == 1 and want[flat[one]].all()


def test_tie_dependence_is_found_where_the_selections_differ():
    samples = random_samples(2000, seed=5)
    for form in SEQUENTIAL:
        out = tie_dependence(samples, form=form)
        assert set(out) == set(tri.claims)
        assert all(v.dtype == bool and v.shape == (2000,) for v in out.values())
    assert not any(v.any() for v in tie_dependence(samples, form="simultaneous").values())


def test_forms_named_and_planned_forms_refused_clearly():
    assert FORMS == ("simultaneous", "us_first", "china_first")
    assert available_forms()[:3] == FORMS
    for form in [f for f in PLANNED_FORMS if f not in available_forms()]:
        with pytest.raises(UnsupportedGameError, match="us_first"):
            check_form(form)
        with pytest.raises(UnsupportedGameError):
            tri.claims["c004_promising_path"].check(form=form)
    with pytest.raises(UnknownNameError, match="us_first"):
        evaluate_claims(random_samples(3, 0), form="us_frist")


def test_check_agrees_with_evaluate_claims_on_every_form():
    samples = random_samples(5, seed=2)
    for form in FORMS:
        batch = evaluate_claims(samples, form=form)
        for s in range(5):
            values = {n: float(v[s]) for n, v in samples.items()}
            for cid in ("c004_promising_path", "c003_split_context_absent", "c002_no_rift_today"):
                assert tri.claims[cid].check(values, form=form).holds == batch[cid][s]


def test_a_registered_form_is_judged_through_its_builder_checks_and_applies():
    from triangle.errors import ClaimCheckError
    from triangle.verdicts.vocabulary import Part, Verdict

    seen = []

    def build(ctx, select):
        seen.append(select)
        return ctx

    def always(ctx):
        return Verdict(Part("always", np.ones(ctx.k, dtype=bool)))

    register_form("probe", build, checks={"c004_promising_path": always},
                  applies=lambda cid: cid.startswith("c004"), replace=True)
    try:
        assert "probe" in available_forms()
        samples = random_samples(50, seed=3)
        out = evaluate_claims(samples, form="probe")
        assert set(out) == {c for c in tri.claims if c.startswith("c004")}
        assert out["c004_promising_path"].all()
        simultaneous = evaluate_claims(samples, form="simultaneous")
        for cid in out:
            if cid != "c004_promising_path":
                assert (out[cid] == simultaneous[cid]).all()
        assert not form_applies("probe", "c000_pivot_unlikely_for_now")
        with pytest.raises(ClaimCheckError, match="not applicable"):
            tri.claims["c000_pivot_unlikely_for_now"].check(form="probe")
        with pytest.raises(ClaimCheckError, match="already registered"):
            register_form("probe", build)
        assert seen and set(seen) <= {"all", "first", "last"}
    finally:
        unregister_form("probe")
    with pytest.raises(UnknownNameError):
        check_form("probe")


# --------------------------------------------------------------------- the repeated form
def _brute_pivot_value(values, a, reversal):
    """Russia's value of pivoting over staying with the US at ``a`` while a deal lasts,
    summed year by year (the deal reversed at 2028 and each later election; then the US
    presses), China best-replying in each cell of the numeric game (reversal risk 0)."""
    from triangle.models.repeated import ELECTION_YEAR, START_YEAR
    from triangle.verdicts.context import model_game

    game = model_game()
    u = np.array(game.subs({n: (0.0 if n == "us_policy_reversal_risk" else values[n])
                            for n in game.factors}).payoffs, dtype=float)
    us, ru, _ = STRATEGIES

    def russia(x, r):
        cn = u[2, us.index(x), ru.index(r)]
        c = int(np.argmax(cn >= cn.max() - 1e-9))
        return u[1, us.index(x), ru.index(r), c]

    d = 1 / (1 + values["annual_discount_rate"])
    first, term = ELECTION_YEAR - START_YEAR, values["us_commitment_years"]
    total = 0.0
    for t in range(4000):
        alive = (1 - reversal) ** (0 if t < first else 1 + (t - first) // term)
        deal = russia(a, "pivot") - russia(a, "stay")
        after = russia("pressure", "pivot") - russia("pressure", "stay")
        total += d**t * (alive * deal + (1 - alive) * after)
    return total


def test_the_repeated_form_judges_the_claims_about_time_only():
    from triangle.errors import ClaimCheckError
    from triangle.verdicts.repeated_form import TIME_CLAIMS

    assert "repeated" in available_forms()
    samples = random_samples(200, seed=7)
    out = evaluate_claims(samples, form="repeated")
    assert set(out) == set(TIME_CLAIMS) and all(c in tri.claims for c in TIME_CLAIMS)
    for cid in tri.claims:
        assert form_applies("repeated", cid) == (cid in TIME_CLAIMS)
    with pytest.raises(ClaimCheckError, match="not applicable"):
        tri.claims["c002_china_outbids"].check(form="repeated")


# 4 samples in the quick loop (the brute-force sum takes ~0.3 s a sample); 12 in CI
@pytest.mark.parametrize("n", [4, pytest.param(12, marks=pytest.mark.slow)])
def test_the_repeated_pivot_claim_against_a_year_by_year_sum(n):
    """c000 on the repeated form holds where the brute-force value of pivoting falls with
    the reversal risk for every engagement move (and falls for one at least)."""
    samples = random_samples(n, seed=11)
    got = evaluate_claims(samples, ["c000_reversal_risk_lowers_pivot"],
                          form="repeated")["c000_reversal_risk_lowers_pivot"]
    from triangle.verdicts.context import ClaimContext
    from triangle.verdicts.forms import as_form

    ctx = as_form(ClaimContext(samples, base=tri.scenarios["baseline"].values), "repeated")
    part = tri.claims["c000_reversal_risk_lowers_pivot"]  # the first part: the hazard
    from triangle.verdicts.forms import form_check

    first = form_check("repeated", part.id)(ctx).parts[0].mask
    for k in range(n):
        values = {n: float(v[k]) for n, v in samples.items()}
        p = values["us_policy_reversal_risk"]
        drops = [_brute_pivot_value(values, a, p + 0.05) - _brute_pivot_value(values, a, p)
                 for a in ("engage", "condition")]
        want = all(x <= 1e-9 for x in drops) and any(x < -1e-9 for x in drops)
        assert bool(first[k]) == want, (k, drops)
        assert not got[k] or first[k]


# --------------------------------------------------------------------- shortcuts (FORMS)
def _tied_samples(k: int, seed: int) -> dict[str, np.ndarray]:
    """Uniform samples with a third of each factor's values on a coarse grid of its range:
    many exact payoff ties, where a shortcut that changes a comparison would show."""
    rng = np.random.default_rng(seed)
    out = {}
    for f in tri.factors.values():
        x = rng.uniform(f.low, f.high, k)
        grid = f.low + (f.high - f.low) * rng.integers(0, 3, k) / 2
        out[f.id] = np.where(rng.random(k) < 1 / 3, grid, x)
    return out


#: Counterfactuals the checks ask for, in two orders (a parent's shared results are
#: computed by whichever context asks first).
_COUNTERFACTUALS = [dict(trump_normalization_wish=0.0), dict(rift_depth=0.2),
                    dict(us_commitment_years=10.0), dict(trump_normalization_wish=1.0),
                    dict(sanctions_relief=1.0)]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("order", "k"), [(1, 400), (-1, 400), (1, 3000)])  # both paths
def test_counterfactuals_equal_their_definitions_with_sharing(form, order, k):
    """A counterfactual context (``at``) shares its parent's results where its changed
    cells cannot reach; every mask must equal the definition on its own full payoffs."""
    from triangle.solvers.pure import best_reply_mask
    from triangle.verdicts.context import TOL
    from triangle.verdicts.forms import form_context

    ctx = form_context(form, _tied_samples(k, seed=21))
    if order == 1:  # the parent first, then its counterfactuals
        for us in STRATEGIES[0]:
            ctx.response_rows("Russia", us)
        _ = ctx.equilibria_cells
    tree = form_tree(form) if form != "simultaneous" else None
    for values in _COUNTERFACTUALS[::order]:
        cf = ctx.at(**values)
        moves = STRATEGIES[0] if order == 1 else STRATEGIES[0][::-1]
        got = {us: (cf.response_rows("Russia", us), cf.response_rows("China", us),
                    cf.subgame_equilibria(us)) for us in moves}
        eq = cf.equilibria_cells
        cells = cf.cells  # the old reading: every cell at hand
        if tree is None:  # simultaneous: the full game, and each game after a US move
            assert np.array_equal(eq, best_reply_mask(cells, None, TOL, layout="cell"))
            for us, (_, _, sub) in got.items():
                a = STRATEGIES[0].index(us)
                want = best_reply_mask(np.ascontiguousarray(cells[1:, a]), None, TOL,
                                       layout="cell")
                assert np.array_equal(np.moveaxis(sub, 0, -1), want), (values, us)
            continue
        flat = np.ravel_multi_index(tree.cells.T, (3, 3, 3))
        u = cells.reshape(3, 27, -1)[:, flat]
        for us in (None, *moves):
            fix = {} if us is None else {0: us}
            leaves = spe_outcomes(tree, u, fix=fix)
            want = np.zeros((27, cf.k), dtype=bool)
            for j, c in enumerate(flat):
                want[c] |= leaves[j]
            want = want.reshape(3, 3, 3, -1)
            if us is None:
                assert np.array_equal(eq, want), values
            else:
                a = STRATEGIES[0].index(us)
                assert np.array_equal(got[us][0], want[a].any(axis=1)), (values, us)
                assert np.array_equal(got[us][1], want[a].any(axis=0)), (values, us)


def test_one_players_best_replies_equal_the_packages_test():
    """``player_best_reply_mask`` on one player's payoffs is ``best_reply_mask`` for that
    player, bit for bit: random, tied, shifted and huge payoffs."""
    from triangle.solvers.pure import best_reply_mask, player_best_reply_mask

    rng = np.random.default_rng(4)
    for shape in [(3, 3, 3), (2, 3), (4, 2, 3)]:
        n = len(shape)
        for scale, shift in [(1.0, 0.0), (3.7e307, 0.0), (1e-300, 5.0)]:  # 3.7e307: > 2**1022
            u = rng.integers(0, 4, size=(n, *shape, 9000)).astype(float) * scale + shift
            u[..., ::7] += rng.normal(0, 1e-9, u[..., ::7].shape) * scale  # near-ties
            for p in range(n):
                want = best_reply_mask(u, p, 1e-9, layout="cell")
                assert np.array_equal(player_best_reply_mask(u[p], p, 1e-9), want)
                assert np.array_equal(player_best_reply_mask(u[p].copy(), p), want)


def test_path_choices_equal_argmax_and_choose():
    from triangle.verdicts._backward import Choice, first_optimal

    rng = np.random.default_rng(8)
    for m, k in itertools.product((1, 2, 3, 5), (500, 3000)):  # both sides of SMALL
        for skew in (0.05, 0.5, 0.99):
            ok = rng.random((m, k)) < skew
            ok[:, :10] = False  # no optimal child (a NaN payoff): argmax's reading
            for last in (False, True):
                want = (m - 1 - np.argmax(ok[::-1], axis=0)) if last else np.argmax(ok, 0)
                pick = first_optimal(list(ok), last)
                assert np.array_equal(pick, want)
                choice = Choice(pick, m)
                values = [rng.normal(size=k) for _ in range(m)]
                assert np.array_equal(choice.select(values), np.choose(want, values))
                leaves = [j if j % 2 else np.full(k, 10 + j) for j in range(m)]
                dense = [np.full(k, x) if isinstance(x, int) else x for x in leaves]
                got = choice.select_leaf(leaves, k)
                assert np.array_equal(np.broadcast_to(got, (k,)), np.choose(want, dense))


@pytest.mark.parametrize("form", SEQUENTIAL)
def test_few_and_many_samples_give_the_same_verdicts(form):
    """Up to ``SMALL`` samples a node's values are gathered from the payoffs, above it
    selected from its children's rows: both readings, on tie-rich samples (outcome sets,
    the first and the last path), give every claim the same verdict at every sample."""
    from triangle.verdicts._backward import SMALL

    few = _tied_samples(600, seed=33)
    many = {n: np.tile(v, SMALL // 600 + 1) for n, v in few.items()}  # > SMALL samples
    assert len(next(iter(many.values()))) > SMALL
    for run in (evaluate_claims, tie_dependence):
        small, large = run(few, form=form), run(many, form=form)
        for cid in small:
            assert np.array_equal(small[cid], large[cid][:600]), (run.__name__, cid)
