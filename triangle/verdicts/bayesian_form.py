"""The ``"bayesian"`` form of the claims: the triangle in which types are private.

The claims are judged here on :func:`triangle.models.beliefs.triangle_with_beliefs`: the
US is ``committed``, ``reversed_in_2028`` or ``transactional`` and only it knows which
(the prior from ``russian_distrust_of_us`` and ``us_policy_reversal_risk``); Russia is a
``realigner`` or an ``opportunist`` and only it knows which (the prior
``russia_opportunist_prior``); China has one type. Every type's payoffs are the
simultaneous model's in that type's world, so the form reads the same terms.

What the words of the claims mean on this form:

- **payoffs** (``compare``, ``dominates``, ``slope``, best replies at given moves): the
  *ex-ante* payoffs, each player's payoff averaged over the type profiles with the prior,
  every type of a player making the same move (:func:`triangle.models.beliefs.expected_game`).
  At the registry's distrust and reversal risk, Russia's are exactly the simultaneous
  model's (the reduced form ``us_credibility`` is this expectation); the US's and China's
  differ where ``russian_opportunism`` enters, which the prior of the opportunist scales.
- **equilibria**: the pure Bayesian Nash equilibria (every type best-replies to its
  interim beliefs); a cell ``(us, russia, china)`` is an *equilibrium cell* when some pure
  BNE plays it in some type profile of positive prior probability. Several equilibria are
  read together, as on the simultaneous form (no ties to select between).
- **responses to a US move** ``a``: every US type held to ``a`` (a move all types make
  reveals nothing, so Russia's and China's beliefs are the prior); Russia's (China's)
  responses are the moves some Russian type of positive probability (China) plays in a
  pure BNE of the game that is left. Without a pure BNE there, every interim best reply of
  a type to some profile of the others' moves counts, as on the simultaneous form.

The typed payoffs are never compiled as a whole: every type's world is the
simultaneous model with a few factors set (:func:`triangle.models.beliefs.type_worlds`),
so the simultaneous payoffs at the samples are shared and only the cells those factors
enter are evaluated again, each world's values substituted in their expressions, every
world's compiled together (a counterfactual :meth:`BayesianContext.at` likewise
recomputes only the cells its factors enter). The
equilibria are computed over arrays of samples at once on the agent form (one player per
player and type, Selten 1975) of the Bayesian game: what
:func:`triangle.sensitivity.prior_thresholds.bne_reach` computes (the best-reply test of
:func:`triangle.solvers.pure.best_reply_mask` on the agent form), by the private kernels
of :mod:`triangle.verdicts._bne_kernels`, decision for decision the same floats, reading
each (player, world)'s payoffs where they are (no typed array is assembled). A
counterfactual that changes only Russia's payoffs (``rift_depth``,
``us_commitment_years``, ``trump_normalization_wish``) takes its parent's US and Chinese
parts, and its parent's games after the US moves whose Russian payoffs it leaves as they
are. Agents of prior
probability zero are left unconstrained (every move is a best reply), as
:func:`triangle.bayesian_equilibria` leaves them. ``tests/models/test_beliefs_form.py``
checks the equilibria against :func:`triangle.bayesian_equilibria` at sampled points, and
``tests/verdicts/test_bayesian_form.py`` each shortcut against its definition.

The prior is a modelling choice the articles do not make. The claims' labels on this form
(:func:`triangle.verdicts.labels.claim_verdicts` with ``forms=(..., "bayesian")``) sample
the factors a claim names, the priors of the two belief factors at their baselines;
:func:`prior_dependence` sweeps the priors themselves and says which verdicts they decide.

>>> import triangle as tri
>>> r = tri.claims["c000_reversal_risk_lowers_pivot"].check(form="bayesian")
>>> r.form, r.holds
('bayesian', True)
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from triangle.games.bayesian import BayesianGame
from triangle.games.compiled import compile_payoffs
from triangle.games.normal_form import NormalFormGame
from triangle.games.symbolic import check_game
from triangle.models.beliefs import (
    BELIEF_FACTORS,
    commitment_space,
    expected_game,
    informed_substitute,
    screening_space,
    step_informed_worlds,
    triangle_with_beliefs,
    type_worlds,
)
from triangle.models.factors import factors
from triangle.registries import check_count, check_mapping
from triangle.sensitivity.prior_thresholds import agent_cells, bne_reach, hold_first
from triangle.sensitivity.sampling import MAX_VALUES
from triangle.solvers.pure import best_reply_mask
from triangle.verdicts import _bne_kernels as kernels
from triangle.verdicts.context import TOL, ClaimContext, model_game
from triangle.verdicts.forms import register_form

__all__ = ["PRIORS", "BayesianContext", "bayesian_model", "prior_dependence"]

#: The factors that make up the form's prior: the US type's (registry factors) and
#: Russia's (a belief factor).
PRIORS: tuple[str, ...] = (
    "russian_distrust_of_us", "us_policy_reversal_risk", "russia_opportunist_prior",
)

#: The type spaces of the form's model (:func:`triangle.models.beliefs.triangle_with_beliefs`).
SPACES = (commitment_space(), screening_space())

#: Each type profile's world: the factor values its types set.
_WORLDS = type_worlds(SPACES)
_N_TYPES = tuple(max(t[i] for t in _WORLDS) + 1 for i in range(3))

#: Whether the form's shape is the kernels' (:mod:`triangle.verdicts._bne_kernels`).
_KERNELS = _N_TYPES == kernels.N_TYPES

#: Each type profile's values as the conditions of ``step`` see them: Russia's own type's
#: only (:func:`triangle.models.beliefs.informed_substitute`).
_STEP_WORLDS = step_informed_worlds(SPACES)


class _Worlds:
    """Every type profile's own cells of one game, as expressions in that world.

    A world's cells are the simultaneous game's expressions with the world's values
    substituted (:func:`~triangle.models.beliefs.informed_substitute`: the conditions of
    ``step`` see only Russia's own type's, it chooses at the prior), as
    :func:`~triangle.models.beliefs.typed_triangle` builds the typed game. The same
    expression in several worlds (a cell that reads the US type's factors only, in both
    Russian types' worlds) is one expression, and all of them are compiled together:
    substituted, they are shorter than the game's cells evaluated at constant arrays, and
    what they share is computed once (about five times less work than one evaluation per
    world, measured at 32,768 samples).
    """

    def __init__(self, cells: Any) -> None:
        self.cells = cells
        #: per world, the cells its values enter (increasing) and each one's expression
        self.index: dict[tuple[int, ...], list[int]] = {}
        self.slots: dict[tuple[int, ...], list[int]] = {}
        exprs: dict[Any, int] = {}
        for t, world in _WORLDS.items():
            subs = {cells.factors[n]: sympy.nsimplify(v) for n, v in world.items()
                    if n in cells.factors}
            mine = {cells.factors[n]: sympy.nsimplify(v) for n, v in _STEP_WORLDS[t].items()
                    if n in cells.factors}
            self.index[t] = sorted(cells.depending(frozenset(world)))
            self.slots[t] = [exprs.setdefault(informed_substitute(cells.exprs[j], subs, mine),
                                              len(exprs)) for j in self.index[t]]
        self.exprs = list(exprs)
        self._subsets: dict[frozenset[int] | None, tuple[list[int], Any]] = {}

    def rows(self, values: Mapping[str, np.ndarray], k: int,
             changed: frozenset[int] | None = None,
             ) -> dict[tuple[int, ...], dict[int, np.ndarray]]:
        """Per world, cell -> its ``(K,)`` row at the samples ``values``: every cell the
        world's values enter, or only those among ``changed`` (a counterfactual's). The
        rows are views of one buffer, each world's in the order of its cells."""
        hit = self._subsets.get(changed)
        if hit is None:
            keep = sorted({s for t in _WORLDS for j, s in zip(self.index[t], self.slots[t])
                           if changed is None or j in changed})
            flat = np.empty(len(keep), dtype=object)
            flat[:] = [self.exprs[s] for s in keep]
            hit = self._subsets[changed] = (keep, compile_payoffs(flat) if keep else None)
        keep, fn = hit
        out: dict[tuple[int, ...], dict[int, np.ndarray]] = {t: {} for t in _WORLDS}
        if fn is None:
            return out
        buffer = fn.fill([values[n] for n in fn.names], np.empty((len(keep), k)))
        row = {s: r for r, s in enumerate(keep)}
        for t in _WORLDS:
            for j, s in zip(self.index[t], self.slots[t]):
                if changed is None or j in changed:
                    out[t][j] = buffer[row[s]]
        return out


_WORLD_CELLS: dict[int, _Worlds] = {}


def _worlds(cells: Any) -> _Worlds:
    """The :class:`_Worlds` of one game's compiled cells (built once per set of cells)."""
    hit = _WORLD_CELLS.get(id(cells))
    if hit is None or hit.cells is not cells:
        if len(_WORLD_CELLS) > 16:
            _WORLD_CELLS.clear()
        hit = _WORLD_CELLS[id(cells)] = _Worlds(cells)
    return hit


class _Sources(dict):
    """The kernels' sources of a context, each built on first reading (``build(key)``)."""

    def __init__(self, build: Any) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: tuple[int, int, int]) -> kernels.Source:
        value = self[key] = self._build(key)
        return value


def _source_of(ref: Any, key: tuple[int, int, int]) -> kernels.Source:
    ctx = ref()
    assert ctx is not None, "the kernels read a context's sources while it is alive"
    return ctx._source(key)


#: Samples per block of the equilibria: the typed payoffs of one block (six worlds of 81
#: cells) stay in the CPU cache, and no array of all worlds at all samples is allocated.
_BLOCK = 2048

#: One model per simultaneous game (the models' own cache keeps the default games alive).
_MODELS: dict[int, tuple[NormalFormGame, BayesianGame, NormalFormGame]] = {}


def bayesian_model(game: NormalFormGame) -> tuple[BayesianGame, NormalFormGame]:
    """The Bayesian triangle on ``game`` and its ex-ante game (built once per game).

    >>> import triangle as tri
    >>> model, ex_ante = bayesian_model(tri.models.simultaneous())
    >>> model.n_types, ex_ante.shape
    ((3, 2, 1), (3, 3, 3))
    """
    check_game(game, "bayesian_model", kind=NormalFormGame)
    hit = _MODELS.get(id(game))
    if hit is None or hit[0] is not game:
        if len(_MODELS) > 8:
            _MODELS.clear()
        model = triangle_with_beliefs(game=game)
        hit = _MODELS[id(game)] = (game, model, expected_game(model))
    return hit[1], hit[2]


class BayesianContext(ClaimContext):
    """A :class:`ClaimContext` whose payoffs are ex ante and whose equilibria are pure BNE.

    See the module docs for what each word of the claims means here.

    >>> import triangle as tri
    >>> ctx = BayesianContext(tri.scenarios["baseline"].values)
    >>> ctx.response_rows("Russia", "condition")[:, 0].tolist()
    [False, True, False]
    """

    form = "bayesian"

    def __init__(
        self, values: Mapping[str, Any], *, game: NormalFormGame | None = None,
        base: Mapping[str, Any] | None = None,
    ) -> None:
        check_mapping(values, "values")
        if base is not None:
            check_mapping(base, "base")
        if game is not None:
            check_game(game, "BayesianContext", kind=NormalFormGame)
        sim = model_game() if game is None else game
        merged = dict(values)
        for fid, f in BELIEF_FACTORS.items():
            if fid not in merged and (base is None or fid not in base):
                merged[fid] = f.value
        self._setup(ClaimContext(merged, game=sim, base=base))

    @classmethod
    def on(cls, ctx: ClaimContext) -> BayesianContext:
        """The Bayesian form of a simultaneous context: its samples and its payoffs, which
        every type's world shares except in the cells its types' factors enter.

        >>> import triangle as tri
        >>> sim = ClaimContext(tri.scenarios["baseline"].values)
        >>> BayesianContext.on(sim).typed.shape
        (3, 3, 2, 1, 3, 3, 3, 1)
        """
        self = object.__new__(cls)
        values = ctx.values
        missing = {fid: np.full(ctx.k, f.value) for fid, f in BELIEF_FACTORS.items()
                   if fid not in values}
        if missing:  # the belief priors at their baselines, the payoffs shared
            ctx = copy.copy(ctx)
            ctx.values, ctx._memo = {**values, **missing}, {}
        self._setup(ctx)
        return self

    def _setup(self, sim: ClaimContext) -> None:
        """Build the form on ``sim``, the simultaneous model's context at the samples."""
        model, ex_ante = bayesian_model(sim.game)
        ClaimContext.__init__(self, sim.values, game=ex_ante)
        self.simultaneous, self.model, self._sim = sim.game, model, sim
        self.type_prior = _prior(model, self.values, self.k)

    @property
    def typed(self) -> np.ndarray:
        """The payoffs of every type profile's world at the samples,
        ``(3, T_US, T_Russia, 1, 3, 3, 3, K)`` (the equilibria read them block by block)."""
        return self._typed_at(slice(None))

    def _typed_at(
        self, where: slice | np.ndarray, players: tuple[int, ...] = (0, 1, 2),
    ) -> np.ndarray:
        """The typed payoffs at some samples: the simultaneous context's payoffs there, with
        each world's own cells (:meth:`_world_rows`). Assembled per block of samples, so
        that no array of all worlds at all samples is ever held.

        Only ``players``' payoffs are written; the others' rows are left unset (the games
        after a US move never read the US's payoffs, a third of the copies)."""
        sim = self._sim
        base = sim.cells[..., where]
        size = base.shape[-1]
        out = np.empty((3, *_N_TYPES, *sim.shape[1:], size))
        for t, (cells, rows) in self._world_rows().items():
            for p in players:
                out[(p, *t)] = base[p]
            for cell, row in zip(cells, rows):
                if cell[0] in players:
                    out[(cell[0], *t, *cell[1:])] = row[where]
        return out

    def _world_rows(
        self,
    ) -> dict[tuple[int, ...], tuple[list[tuple[int, ...]], list[np.ndarray]]]:
        """Per type profile, the cells its world's factor values enter
        (:func:`~triangle.models.beliefs.type_worlds`), as multi-indices of the
        simultaneous game, and their payoffs at the samples, one ``(K,)`` row each; every
        other cell is the simultaneous context's (:class:`_Worlds` computes them). A
        counterfactual shares its parent's rows for the cells its factors do not enter
        (one list per world, so nothing is copied)."""
        if "worlds" not in self._memo:
            sim = self._sim
            if "parent worlds" in self._memo:  # a counterfactual: player by player
                parts = [self._world_rows_of(p) for p in range(sim.shape[0])]
                self._memo["worlds"] = {
                    t: ([c for part in parts for c in part[t][0]],
                        [row for part in parts for row in part[t][1]]) for t in _WORLDS}
                return self._memo["worlds"]
            worlds = _worlds(sim._cells_of)  # the simultaneous game's cells (a ClaimContext's)
            fresh = worlds.rows(sim.values, self.k)
            out = {}
            for t in _WORLDS:
                index = worlds.index[t]
                multi = list(zip(*np.unravel_index(index, sim.shape))) if index else []
                out[t] = ([tuple(int(x) for x in m) for m in multi], [fresh[t][j] for j in index])
            self._memo["worlds"] = out
        return self._memo["worlds"]

    def _world_rows_of(
        self, player: int,
    ) -> dict[tuple[int, ...], tuple[list[tuple[int, ...]], list[np.ndarray]]]:
        """:meth:`_world_rows` of one player's cells. A counterfactual computes its
        changed cells player by player, when the kernels first read that player's payoffs:
        the games after a US move never read the US's, and a counterfactual that changes
        only Russia's payoffs takes the others' parts of the equilibria from its parent."""
        key = ("worlds of", player)
        if key not in self._memo:
            sim = self._sim
            parent = self._memo.get("parent worlds")
            out = {}
            if parent is None:  # every world cell, computed together
                for t, (cells, rows) in self._world_rows().items():
                    pick = [i for i, c in enumerate(cells) if c[0] == player]
                    out[t] = ([cells[i] for i in pick], [rows[i] for i in pick])
            else:  # the parent's rows, this player's changed ones again
                before, changed = parent
                worlds = _worlds(sim._cells_of)
                size = int(np.prod(sim.shape[1:]))
                mine = frozenset(j for j in changed if j // size == player)
                fresh = worlds.rows(sim.values, self.k, mine)
                for t in _WORLDS:
                    cells, rows = before[t]
                    index = worlds.index[t]
                    pick = [i for i, c in enumerate(cells) if c[0] == player]
                    out[t] = ([cells[i] for i in pick],
                              [fresh[t].get(index[i], rows[i]) for i in pick])
            self._memo[key] = out
        return self._memo[key]

    def _blocks(self) -> list[slice]:
        return [slice(a, min(a + _BLOCK, self.k)) for a in range(0, self.k, _BLOCK)]

    # ------------------------------------------------------------- equilibria
    @property
    def equilibria_cells(self) -> np.ndarray:
        """Cells played in some pure BNE at a type profile of positive prior, ``(3, 3, 3, K)``."""
        if "eq" not in self._memo:
            out = None
            if self._fast():
                try:
                    out = kernels.full_reach(self._sources(), self.type_prior, TOL,
                                             self._leaders())
                except kernels.Unsupported:
                    out = None
            if out is None:  # the general functions (another shape, or huge payoffs)
                out = np.empty((3, 3, 3, self.k), dtype=bool)
                for sl in self._blocks():
                    out[..., sl] = bne_reach(self._typed_at(sl), self.type_prior[..., sl],
                                             (0, 1, 2), TOL)
            self._memo["eq"] = out
        return self._memo["eq"]

    # ------------------------------------------------------------- the kernels' inputs
    def _fast(self) -> bool:
        """Whether the kernels apply (the form's shape, three moves per player)."""
        return _KERNELS and self._sim.shape == (3, 3, 3, 3)

    def _sim_rows(self) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        """The simultaneous payoffs at the samples: ``(81, K)`` and the rows a
        counterfactual replaces (its changed cells, computed together as the simultaneous
        context computes them), so that nothing is copied."""
        if "sim rows" not in self._memo:
            ctx, changed = self._kernel_parent()
            if ctx is None:
                out: tuple[np.ndarray, dict[int, np.ndarray]] = (
                    self._sim.cells.reshape(-1, self.k), {})
            else:
                base, rows = ctx._sim_rows()
                rows = dict(rows)
                todo = sorted(changed)
                cells = self._sim._cells_of
                # cells every world replaces are never read here: not computed at all
                # (when some are read, all are computed together, as before)
                covered = frozenset.intersection(
                    *(cells.depending(frozenset(w)) for w in _WORLDS.values()))
                if todo and not covered.issuperset(todo):
                    fresh = cells.fill_rows(todo, [self._sim.values[n] for n in cells.names],
                                            self.k)
                    rows.update(zip(todo, fresh))
                out = (base, rows)
            self._memo["sim rows"] = out
        return self._memo["sim rows"]

    def _sources(self) -> dict[tuple[int, int, int], kernels.Source]:
        """Each ``(player, US type, Russian type)``'s payoffs for the kernels: the
        simultaneous payoffs of the player and the rows its world replaces, each built
        when a kernel first reads it (:class:`_Sources`)."""
        if "sources" not in self._memo:
            ref = weakref.ref(self)  # the memo holds the sources: no reference cycle
            self._memo["sources"] = _Sources(lambda key: _source_of(ref, key))
        return self._memo["sources"]

    def _source(self, key: tuple[int, int, int]) -> kernels.Source:
        """One ``(player, US type, Russian type)``'s source (:meth:`_sources`)."""
        p, t, r = key
        base, rows = self._sim_rows()
        cells, world = self._world_rows_of(p)[(t, r, 0)]
        over = {j - 27 * p: row for j, row in rows.items() if j // 27 == p}
        over.update({c[1] * 9 + c[2] * 3 + c[3]: row for c, row in zip(cells, world)})
        return base[27 * p : 27 * (p + 1)], kernels.replaced_rows(over)

    def _kernel_parent(self) -> tuple[BayesianContext | None, frozenset[int]]:
        """The context this counterfactual was made from (:meth:`at`), if it is still
        alive, and the cells the counterfactual changes. The parent holds its
        counterfactuals in its memo, so it is referred to weakly: a strong reference would
        make a cycle, and every block of samples' contexts would then wait for the garbage
        collector (about 2 GB more memory at 10**6 samples, and seconds of page faults)."""
        parent = self._memo.get("kernel parent")
        if parent is None:
            return None, frozenset()
        return parent[0](), parent[1]

    def _reusable(self, players: tuple[int, ...]) -> BayesianContext | None:
        """The parent of a counterfactual whose prior and ``players``' payoffs are this
        context's, or ``None``: what the kernels read of those only is then the parent's."""
        ctx, changed = self._kernel_parent()
        if ctx is None:
            return None
        if ctx.type_prior is not self.type_prior or any(j // 27 in players for j in changed):
            return None
        return ctx

    def _leaders(self) -> dict[str, np.ndarray]:
        """:func:`~triangle.verdicts._bne_kernels.full_leaders` (US and China only)."""
        if "leaders" not in self._memo:
            parent = self._reusable((0, 2))
            self._memo["leaders"] = (
                parent._leaders() if parent is not None
                else kernels.full_leaders(self._sources(), self.type_prior, TOL))
        return self._memo["leaders"]

    def _held(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`~triangle.verdicts._bne_kernels.held_prior` of the prior."""
        if "held" not in self._memo:
            parent = self._reusable(())
            self._memo["held"] = (parent._held() if parent is not None
                                  else kernels.held_prior(self.type_prior))
        return self._memo["held"]

    def _china_after(self) -> np.ndarray:
        """:func:`~triangle.verdicts._bne_kernels.sub_china` (China only)."""
        if "china after" not in self._memo:
            parent = self._reusable((2,))
            self._memo["china after"] = (
                parent._china_after() if parent is not None
                else kernels.sub_china(self._sources(), self._held(), TOL))
        return self._memo["china after"]

    def _subgame(self, us: str) -> Any:  # pragma: no cover - not read on this form
        raise NotImplementedError

    def _sub(self, us: str) -> np.ndarray:
        """``(3, 3, K)`` Russia x China: cells played in a pure BNE after ``us``."""
        key = ("sub", us)
        if key not in self._memo:
            # every US move at once: the three games left, side by side over the samples
            moves = self.game.strategies[0]
            subs = None
            if self._fast():
                try:
                    subs, self._memo["replies"] = self._sub_kernels()
                except kernels.Unsupported:
                    subs = None
            if subs is None:  # the general functions (another shape, or huge payoffs)
                subs = self._sub_general(len(moves))
            for j, a in enumerate(moves):
                self._memo[("sub", a)] = subs[j]
        return self._memo[key]

    def _sub_kernels(self) -> tuple[np.ndarray, np.ndarray]:
        """The games after every US move by the kernels (``sub_reach``), and Russia's
        best replies there: a counterfactual that changes no payoff of Russia's or
        China's after some US moves takes its parent's for those."""
        parent = self._reusable((2,))
        todo = range(3)
        if parent is not None:
            _, changed = self._kernel_parent()
            hit = sorted({j % 27 // 9 for j in changed if j // 27 == 1})
            todo = range(hit[0], hit[-1] + 1) if hit else range(0)
            if len(todo) < 3:
                parent._sub(parent.game.strategies[0][0])  # computed once, in the parent
                if "replies" not in parent._memo:
                    parent = None
                    todo = range(3)
        subs = np.empty((3, 3, 3, self.k), dtype=bool)
        replies = np.empty((3, 3, self.k), dtype=bool)
        if parent is not None:
            for j, a in enumerate(self.game.strategies[0]):
                if j not in todo:
                    subs[j] = parent._sub(a)
                    replies[j] = parent._memo["replies"][j]
        if len(todo):
            subs[todo.start : todo.stop], replies[todo.start : todo.stop] = kernels.sub_reach(
                self._sources(), self._held(), TOL, self._china_after(), todo)
        return subs, replies

    def _sub_general(self, n_moves: int) -> np.ndarray:
        """``(A_US, 3, 3, K)``: :meth:`_sub` for every US move, by ``hold_first`` and
        ``bne_reach`` on the typed payoffs, block by block."""
        subs = np.empty((n_moves, 3, 3, self.k), dtype=bool)
        for sl in self._blocks():
            # hold_first reads Russia's and China's payoffs only
            typed, prior = self._typed_at(sl, (1, 2)), self.type_prior[..., sl]
            held = [hold_first(typed, prior, a) for a in range(n_moves)]
            u = np.concatenate([h[0] for h in held], axis=-1)
            marg = np.concatenate([h[1] for h in held], axis=-1)
            reach = bne_reach(u, marg, (0, 1), TOL)
            size = sl.stop - sl.start
            for j in range(n_moves):
                subs[j, ..., sl] = reach[..., j * size : (j + 1) * size]
        return subs

    def response_rows(self, player: str, us: str) -> np.ndarray:
        """``(3, K)``: the player's moves in the pure BNE after ``us`` (module docs)."""
        key = ("resp", player, us)
        if key not in self._memo:
            own = {"Russia": 0, "China": 1}[player]
            out = np.any(self._sub(us), axis=1 - own)
            none = ~out.any(axis=0)
            if none.any() and "replies" in self._memo:  # the kernels' best replies
                if own == 0:
                    fallback = self._memo["replies"][self.index("US", us)]
                else:
                    marg = self._held()[0]
                    live = marg.sum(axis=0)[0] > 0
                    fallback = self._china_after()[self.index("US", us)].any(axis=(0, 1)) & live
                out[:, none] = fallback[:, none]
            elif none.any():  # the agent form, on the samples without a pure BNE only
                where = np.flatnonzero(none)
                u, marg = hold_first(self._typed_at(where, (1, 2)), self.type_prior[..., where],
                                     self.index("US", us))
                cells, agents = agent_cells(u, marg)
                fallback = np.zeros((out.shape[0], where.size), dtype=bool)
                for j, (i, t) in enumerate(agents):
                    if i != own:
                        continue
                    best = best_reply_mask(cells, j, TOL, layout="cell")
                    others = tuple(x for x in range(len(agents)) if x != j)
                    moves = np.any(best, axis=others) if others else best
                    live = marg.sum(axis=tuple(x for x in range(marg.ndim - 1) if x != i))
                    fallback |= moves & (live[t] > 0)
                out[:, none] = fallback
            self._memo[key] = out
        return self._memo[key]

    # ------------------------------------------------------------- counterfactuals
    def at(self, **values: float) -> ClaimContext:
        """The same samples with some factors set to other values, on this form.

        Only what depends on those factors is computed again: the ex-ante and the typed
        payoffs in the cells the factors enter (in each type's world, unless the type sets
        the factor itself), the prior if it reads them.

        >>> import triangle as tri
        >>> ctx = BayesianContext(tri.scenarios["baseline"].values)
        >>> ctx.at(rift_depth=0.2).response_rows("Russia", "condition")[:, 0].tolist()
        [False, True, False]
        """
        key = ("at", tuple(sorted(values.items())))
        if key not in self._memo:
            made = ClaimContext.at(self, **values)  # checks the names; the ex-ante cells
            assert isinstance(made, BayesianContext)
            made.simultaneous, made.model = self.simultaneous, self.model
            made._sim = self._sim.at(**values)
            # the worlds' own cells: the parent's, those the factors enter computed again
            changed = self._sim._cells_of.depending(frozenset(values))
            made._memo["parent worlds"] = (self._world_rows(), changed)
            made._memo["kernel parent"] = (weakref.ref(self), changed)
            reads = set(compile_payoffs(self.model.prior).names)
            made.type_prior = (_prior(self.model, made.values, self.k) if reads & set(values)
                               else self.type_prior)
            self._memo[key] = made
        return self._memo[key]

    def variant(self, game: NormalFormGame) -> ClaimContext:
        """The same samples on another simultaneous game (e.g. another reading of
        China's punishment), on this form.

        Its ex-ante payoffs are this context's except in the cells whose expressions
        differ, computed when read (:meth:`ClaimContext.variant`): a claim on a variant
        reads a few of them, and the ex-ante game is the form's costliest to evaluate.

        >>> import triangle as tri
        >>> ctx = BayesianContext(tri.scenarios["baseline"].values)
        >>> taiwan = ctx.variant(model_game(china_punishes="us"))
        >>> taiwan.responses("China", "engage")
        array([[False,  True, False]])
        """
        if game is self.simultaneous or game is self.game:
            return self
        check_game(game, "BayesianContext.variant", kind=NormalFormGame)
        key = ("variant", id(game))
        hit = self._memo.get(key)
        if hit is None or hit.simultaneous is not game:
            model, ex_ante = bayesian_model(game)
            made = ClaimContext.variant(self, ex_ante)
            assert isinstance(made, BayesianContext)
            made.simultaneous, made.model = game, model
            made._sim = self._sim.variant(game)
            made.type_prior = _prior(model, made.values, self.k)
            hit = self._memo[key] = made
        return hit

    def __repr__(self) -> str:
        return f"<BayesianContext K={self.k}>"


def _prior(model: BayesianGame, values: Mapping[str, np.ndarray], k: int) -> np.ndarray:
    """The prior over the type profiles at the samples, ``(T_US, T_Russia, 1, K)``."""
    prior = compile_payoffs(model.prior)
    flat = prior.fill([values[n] for n in prior.names], np.empty((model.prior.size, k)))
    return flat.reshape(*model.prior.shape, k)


def prior_dependence(
    at: Any = "baseline", *, n: int = 2_000, seed: int = 0, claims: Any = None,
) -> dict[str, float]:
    """Where the prior decides: each claim's share of holding on the Bayesian form over
    the box of the priors (:data:`PRIORS`, uniform over their plausible ranges), every
    other factor held at ``at`` (a scenario name or values).

    A share of 0 or 1 means the claim's verdict at ``at`` does not depend on the prior;
    in between, the prior decides it.

    >>> shares = prior_dependence(n=200, claims=["c004_promising_path"])
    >>> 0 < shares["c004_promising_path"] < 1
    True
    """
    from triangle.verdicts.claims import evaluate_claims

    check_count(n, "n", maximum=MAX_VALUES)
    rng = np.random.default_rng(check_count(seed, "seed", minimum=0))
    samples = {}
    for fid in PRIORS:
        ref = BELIEF_FACTORS.get(fid) or factors[fid]
        samples[fid] = rng.uniform(ref.low, ref.high, n)
    out = evaluate_claims(samples, claims, base=at, form="bayesian")
    return {cid: float(mask.mean()) for cid, mask in out.items()}


#: The form built on each simultaneous context that holds its own payoffs, by the id of
#: those payoffs, both referred to weakly (nothing is kept alive here): a variant of that
#: context (:meth:`ClaimContext.variant`, the same samples on another game, as
#: :func:`~triangle.verdicts.claims.evaluate_claims` makes one per model option) is then
#: built as the form's :meth:`BayesianContext.variant`, which computes only the ex-ante
#: cells that differ and are read, not the whole ex-ante game.
_FORMS: dict[int, tuple[Any, Any]] = {}


def _build(ctx: ClaimContext, select: str) -> ClaimContext:
    if isinstance(ctx, BayesianContext):
        return ctx
    payoffs = getattr(ctx, "_parent", None)
    hit = _FORMS.get(id(payoffs))
    if hit is not None:
        sim, form = hit[0](), hit[1]()
        if (sim is not None and form is not None and sim._parent is payoffs
                and sim.values is ctx.values):
            return form if ctx.game is sim.game else form.variant(ctx.game)
    made = BayesianContext.on(ctx)
    if payoffs is not None and getattr(ctx, "_flat", None) is payoffs:
        if len(_FORMS) > 64:
            _FORMS.clear()
        _FORMS[id(payoffs)] = (weakref.ref(ctx), weakref.ref(made))
    return made


register_form(
    "bayesian", _build,
    note="pure Bayesian Nash equilibria: the US type (committed, reversed in 2028, "
         "transactional) private to the US, Russia's (realigner, opportunist) to Russia",
)
