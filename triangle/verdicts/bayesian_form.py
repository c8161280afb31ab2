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

The equilibria are computed over arrays of samples at once, on the agent form (one player
per player and type, Selten 1975) of the Bayesian game at K samples
(:func:`triangle.sensitivity.prior_thresholds.bne_mask`, the best-reply test of
:func:`triangle.solvers.pure.best_reply_mask` on the agent form). Agents of
prior probability zero are left unconstrained (every move is a best reply), as
:func:`triangle.bayesian_equilibria` leaves them. The test in
``tests/models/test_beliefs_form.py`` checks the masks against
:func:`triangle.bayesian_equilibria` at sampled points.

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

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np

from triangle.games.bayesian import BayesianGame
from triangle.games.compiled import compile_payoffs
from triangle.games.normal_form import NormalFormGame
from triangle.models.beliefs import BELIEF_FACTORS, expected_game, triangle_with_beliefs
from triangle.models.factors import factors
from triangle.sensitivity.prior_thresholds import agent_cells, bne_mask, hold_first
from triangle.solvers.pure import best_reply_mask
from triangle.verdicts.context import TOL, ClaimContext
from triangle.verdicts.forms import register_form

__all__ = ["PRIORS", "BayesianContext", "bayesian_model", "prior_dependence"]

#: The factors that make up the form's prior: the US type's (registry factors) and
#: Russia's (a belief factor).
PRIORS: tuple[str, ...] = (
    "russian_distrust_of_us", "us_policy_reversal_risk", "russia_opportunist_prior",
)

#: One model per simultaneous game (the models' own cache keeps the default games alive).
_MODELS: dict[int, tuple[NormalFormGame, BayesianGame, NormalFormGame]] = {}


def bayesian_model(game: NormalFormGame) -> tuple[BayesianGame, NormalFormGame]:
    """The Bayesian triangle on ``game`` and its ex-ante game (built once per game).

    >>> import triangle as tri
    >>> model, ex_ante = bayesian_model(tri.models.simultaneous())
    >>> model.n_types, ex_ante.shape
    ((3, 2, 1), (3, 3, 3))
    """
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
        from triangle.verdicts.context import model_game

        sim = model_game() if game is None else game
        model, ex_ante = bayesian_model(sim)
        merged = dict(values)
        for fid, f in BELIEF_FACTORS.items():
            if fid not in merged and (base is None or fid not in base):
                merged[fid] = f.value
        super().__init__(merged, game=ex_ante, base=base)
        self.simultaneous, self.model = sim, model
        arrays = self.values
        typed = compile_payoffs(model.payoffs)
        self.typed = typed.fill([arrays[n] for n in typed.names],
                                np.empty((model.payoffs.size, self.k)))
        self.typed = self.typed.reshape(*model.payoffs.shape, self.k)
        prior = compile_payoffs(model.prior)
        self.type_prior = prior.fill([arrays[n] for n in prior.names],
                                     np.empty((model.prior.size, self.k)))
        self.type_prior = self.type_prior.reshape(*model.prior.shape, self.k)

    # ------------------------------------------------------------- equilibria
    def _reach(self, mask: np.ndarray, agents: list[Any], prior: np.ndarray,
               players: tuple[int, ...]) -> np.ndarray:
        """Cells of ``players``' moves reached by a masked profile at a type profile of
        positive probability: ``(A_p1, ..., K)``."""
        n_types = prior.shape[:-1]
        axis = {a: j for j, a in enumerate(agents)}
        out = None
        for t in itertools.product(*(range(m) for m in n_types)):
            keep = [axis[(i, t[i])] for i in players]
            drop = tuple(j for j in range(len(agents)) if j not in keep)
            hit = np.any(mask, axis=drop) if drop else mask
            hit = hit & (prior[t] > 0)
            out = hit if out is None else out | hit
        assert out is not None
        return out

    @property
    def equilibria_cells(self) -> np.ndarray:
        """Cells played in some pure BNE at a type profile of positive prior, ``(3, 3, 3, K)``."""
        if "eq" not in self._memo:
            mask = bne_mask(self.typed, self.type_prior)
            agents = [(i, t) for i, n in enumerate(self.type_prior.shape[:-1])
                      for t in range(n)]
            self._memo["eq"] = self._reach(mask, agents, self.type_prior, (0, 1, 2))
        return self._memo["eq"]

    def _subgame(self, us: str) -> Any:  # pragma: no cover - not read on this form
        raise NotImplementedError

    def _bne_sub(self, us: str) -> tuple[np.ndarray, list[Any], np.ndarray, np.ndarray]:
        """The mask of pure BNE after ``us``, the agents, the prior over the types of
        Russia and China, and the typed payoffs of the game left."""
        key = ("bne_sub", us)
        if key not in self._memo:
            u, marg = hold_first(self.typed, self.type_prior, self.index("US", us))
            agents = [(i, t) for i, n in enumerate(marg.shape[:-1]) for t in range(n)]
            self._memo[key] = (bne_mask(u, marg), agents, marg, u)
        return self._memo[key]

    def _sub(self, us: str) -> np.ndarray:
        """``(3, 3, K)`` Russia x China: cells played in a pure BNE after ``us``."""
        key = ("sub", us)
        if key not in self._memo:
            mask, agents, marg, _ = self._bne_sub(us)
            self._memo[key] = self._reach(mask, agents, marg, (0, 1))
        return self._memo[key]

    def response_rows(self, player: str, us: str) -> np.ndarray:
        """``(3, K)``: the player's moves in the pure BNE after ``us`` (module docs)."""
        key = ("resp", player, us)
        if key not in self._memo:
            own = {"Russia": 0, "China": 1}[player]
            out = np.any(self._sub(us), axis=1 - own)
            none = ~out.any(axis=0)
            if none.any():  # the agent form, on the samples without a pure BNE only
                _, agents, marg, u = self._bne_sub(us)
                cells, _ = agent_cells(u[..., none], marg[..., none])
                fallback = np.zeros((out.shape[0], int(none.sum())), dtype=bool)
                for j, (i, t) in enumerate(agents):
                    if i != own:
                        continue
                    best = best_reply_mask(cells, j, TOL, layout="cell")
                    others = tuple(x for x in range(len(agents)) if x != j)
                    moves = np.any(best, axis=others) if others else best
                    live = marg.sum(axis=tuple(x for x in range(marg.ndim - 1) if x != i))
                    fallback |= moves & (live[t][none] > 0)
                out[:, none] = fallback
            self._memo[key] = out
        return self._memo[key]

    # ------------------------------------------------------------- counterfactuals
    def at(self, **values: float) -> ClaimContext:
        """The same samples with some factors set to other values, on this form."""
        key = ("at", tuple(sorted(values.items())))
        if key not in self._memo:
            new = dict(self.values)
            for name, v in values.items():
                if name not in new:
                    from triangle.errors import unknown_name

                    raise unknown_name("factor", name, new)
                new[name] = np.full(self.k, float(v))
            self._memo[key] = BayesianContext(new, game=self.simultaneous)
        return self._memo[key]

    def variant(self, game: NormalFormGame) -> ClaimContext:
        """The same samples on another simultaneous game (e.g. another reading of
        China's punishment), on this form."""
        if game is self.simultaneous or game is self.game:
            return self
        key = ("variant", id(game))
        hit = self._memo.get(key)
        if hit is None or hit.simultaneous is not game:
            hit = self._memo[key] = BayesianContext(self.values, game=game)
        return hit

    def __repr__(self) -> str:
        return f"<BayesianContext K={self.k}>"


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

    rng = np.random.default_rng(seed)
    samples = {}
    for fid in PRIORS:
        ref = BELIEF_FACTORS.get(fid) or factors[fid]
        samples[fid] = rng.uniform(ref.low, ref.high, n)
    out = evaluate_claims(samples, claims, base=at, form="bayesian")
    return {cid: float(mask.mean()) for cid, mask in out.items()}


def _build(ctx: ClaimContext, select: str) -> ClaimContext:
    if isinstance(ctx, BayesianContext):
        return ctx
    return BayesianContext(ctx.values, game=ctx.game)


register_form(
    "bayesian", _build,
    note="pure Bayesian Nash equilibria: the US type (committed, reversed in 2028, "
         "transactional) private to the US, Russia's (realigner, opportunist) to Russia",
)
