"""Proofs that a claim's verdict cannot change in the plausible box, where one exists.

A check that reads only payoffs and their derivatives (no equilibria, no responses, no
counterfactual values) compares differences of the model's payoffs, polynomials in the
factors, with zero. Run on a context whose payoffs are expressions (:class:`Expr`), each
comparison is settled by :func:`triangle.models.factors.sign_on_ranges` over the box of
plausible ranges; when every comparison the check makes is settled, its verdict is the
same everywhere in the box, and that is a proof (up to the points where a margin proved
``>= 0`` is exactly zero, which the certificate allows on a face of the box). A check
that needs an equilibrium, a response, a counterfactual or an undecided sign raises
:class:`Undecided` inside and :func:`prove` returns ``None``.

>>> prove("c001_condition_dominates_engage") in (True, False, None)
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from triangle.models.factors import factors as factor_registry
from triangle.models.factors import sign_on_ranges
from triangle.verdicts.checks import CHECKS
from triangle.verdicts.claims import claims
from triangle.verdicts.context import TOL, ClaimContext, model_game

__all__ = ["Expr", "Undecided", "prove"]


class Undecided(Exception):
    """A comparison the sign certificate cannot settle, or a quantity it cannot read."""


class Expr:
    """A payoff expression that compares with numbers and other expressions by proof.

    >>> x = factor_registry["us_policy_reversal_risk"].symbol
    >>> bool(Expr(1 - x) >= 0), bool(Expr(x) > -1)
    (True, True)
    """

    __slots__ = ("e",)

    def __init__(self, e: Any) -> None:
        self.e = sympy.sympify(e)

    @staticmethod
    def _of(other: Any) -> sympy.Expr:
        if isinstance(other, Expr):
            return other.e
        if isinstance(other, (int, float, np.floating, np.integer)):
            if not np.isfinite(other):
                raise Undecided("an infinite bound")
            # the checks' tolerance is a float artefact; a proof compares with zero
            return sympy.Integer(0) if abs(float(other)) <= 10 * TOL else sympy.Float(other)
        raise Undecided(f"cannot compare with {type(other).__name__}")

    def __add__(self, o: Any) -> Expr:
        return Expr(self.e + self._of(o))

    __radd__ = __add__

    def __sub__(self, o: Any) -> Expr:
        return Expr(self.e - self._of(o))

    def __rsub__(self, o: Any) -> Expr:
        return Expr(self._of(o) - self.e)

    def __mul__(self, o: Any) -> Expr:
        return Expr(self.e * self._of(o))

    __rmul__ = __mul__

    def __neg__(self) -> Expr:
        return Expr(-self.e)

    def __abs__(self) -> Expr:
        s = _sign(self.e)
        if s is None:
            raise Undecided("the sign of an absolute value")
        return Expr(self.e if s >= 0 else -self.e)

    def _cmp(self, o: Any, strict: bool) -> bool:
        """``self > o`` (``strict``) or ``self >= o``, everywhere in the box, or Undecided."""
        if isinstance(o, (float, np.floating)) and np.isinf(o):
            return bool(o < 0)  # above -inf, never above +inf
        s = _sign(self.e - self._of(o))  # sign of self - o over the box
        if s == 0:
            return not strict  # identically equal
        if s == 1:  # >= 0 everywhere; zero at most where the certificate allows (docs)
            return True
        if s == -1:
            if strict:
                return False
            raise Undecided("a weak comparison with a margin proved only <= 0")
        raise Undecided("a sign that changes, or that the certificate cannot prove")

    def __gt__(self, o: Any) -> bool:
        return self._cmp(o, True)

    def __ge__(self, o: Any) -> bool:
        return self._cmp(o, False)

    def __lt__(self, o: Any) -> bool:
        return (-self)._cmp(-o, True)

    def __le__(self, o: Any) -> bool:
        return (-self)._cmp(-o, False)

    def __bool__(self) -> bool:
        raise Undecided("the truth of an expression")

    def __repr__(self) -> str:
        return f"Expr({self.e})"


def _sign(e: sympy.Expr) -> int | None:
    return sign_on_ranges(sympy.expand(e) if e.is_number else e)


class _SymbolicContext(ClaimContext):
    """A context of one 'sample' whose payoffs are :class:`Expr` (module docs)."""

    def __init__(self, game: Any) -> None:
        self.game = game
        self.k = 1
        self._memo = {}
        pay = np.asarray(game.payoffs, dtype=object)
        self._sym = np.empty((*pay.shape, 1), dtype=object)
        for idx in np.ndindex(*pay.shape):
            self._sym[(*idx, 0)] = Expr(pay[idx])
        self._exprs = pay

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._exprs.shape)

    @property
    def n_cells(self) -> int:
        return int(self._exprs.size)

    @property
    def cells(self) -> np.ndarray:
        return self._sym

    def payoff(self, player: str, us: Any, russia: Any, china: Any) -> np.ndarray:
        cell = (self.game.players.index(player), *self._cell(us, russia, china))
        return self._sym[cell]

    def flat(self, player: str, us: str, russia: str, china: str) -> int:
        cell = (self.game.players.index(player), *self._cell(us, russia, china))
        return int(np.ravel_multi_index(cell, self.shape))

    def grad_rows(self, factor: str) -> dict[int, np.ndarray]:
        sym = factor_registry[factor].symbol
        out = {}
        for j, e in enumerate(self._exprs.ravel()):
            d = sympy.diff(e, sym)
            if d != 0:
                out[j] = np.array([Expr(d)], dtype=object)
        return out

    def expression_values(self, expr: Any) -> np.ndarray:
        """A quantity of the factors (:func:`triangle.verdicts.vocabulary.quantity`)."""
        return np.array([Expr(expr)], dtype=object)

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise Undecided("the check reads equilibria, responses or counterfactual values")

    at = variant = response_rows = responses = has_subgame_equilibrium = _refuse
    subgame_equilibria = _refuse

    @property
    def equilibria_cells(self) -> np.ndarray:
        raise Undecided("the check reads equilibria")


def prove(claim_id: str) -> bool | None:
    """The claim's verdict everywhere in the plausible box when it can be proved, else None.

    Only claims whose own scenario is the baseline (their box is the registry's ranges)
    and whose check reads payoffs and derivatives alone can be proved; such a proof holds
    on every form, since forms change only equilibria and responses.

    >>> prove("c004_promising_path") is None  # reads the equilibria
    True
    """
    claim = claims[claim_id]
    if claim.scenario != "baseline":
        return None
    game = model_game(**dict(claim.model))
    check = CHECKS[claim_id]
    # A proof depends on the claim, its check, the model's payoffs and the factors' ranges
    # only: it is kept for the process (the labels of a report, ``triangle analyze`` and
    # ``triangle claims`` each try it again). The objects are kept with the entry, so a
    # changed claim, check or model (new objects) misses.
    key = (claim_id, tuple((fid, float(f.low), float(f.high))
                           for fid, f in factor_registry.items()))
    hit = _PROVED.get(key)
    if hit is not None and hit[0] is claim and hit[1] is check and hit[2] is game:
        return hit[3]
    try:
        result: bool | None = bool(check(_SymbolicContext(game)).mask[0])
    except (Undecided, TypeError):
        result = None
    _PROVED[key] = (claim, check, game, result)
    return result


#: Proofs already tried in this process (:func:`prove`).
_PROVED: dict[tuple[Any, ...], tuple[Any, Any, Any, bool | None]] = {}
