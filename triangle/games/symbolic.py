"""Symbolic values: the one substitution resolver and exact conversions of numbers.

Every game type (:class:`~triangle.NormalFormGame`, :class:`~triangle.SequentialGame`,
:class:`~triangle.RepeatedGame`) resolves ``game.subs(mapping)`` with
:func:`factor_replacements`, so that names, scenarios and values are read the same way
everywhere. Floats are read by their shortest decimal (:func:`exact_decimal`): ``0.1``
is ``1/10``, not the nearest binary fraction, so that sums of probabilities and exact
thresholds come out as a reader expects.

The games layer knows nothing of the triangle's factor registry. A registry tells it
which names it knows through :func:`register_known_names` (``triangle.models.factors``
does so on import), and ``subs`` then skips those names when a game does not use them,
as sweeps do for a model variant.
"""

from __future__ import annotations

import functools
import itertools
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidGameError,
    closest_names,
    unknown_name,
)
from triangle.registries import check_container, check_mapping, check_real_array

__all__ = [
    "as_relational",
    "check_factor_names",
    "check_game",
    "check_terms",
    "check_values_used",
    "decimal_rational",
    "exact_decimal",
    "factor_replacements",
    "floats_to_fractions",
    "piecewise_branches",
    "piecewise_edges",
    "rationalize_floats",
    "read_bounds",
    "register_known_names",
    "sorted_free_symbols",
    "xreplace_terms",
]

#: Predicates, one per registry, that say whether a name is a factor the registry knows.
_KNOWN_NAME_PROVIDERS: list[Callable[[str], bool]] = []
#: The names each provider knows, where it can list them (for "did you mean").
_KNOWN_NAME_LISTS: dict[Callable[[str], bool], Callable[[], Iterable[str]]] = {}


def register_known_names(
    provider: Callable[[str], bool], names: Callable[[], Iterable[str]] | None = None
) -> Callable[[], None]:
    """Tell :func:`factor_replacements` which factor names a registry knows.

    ``provider(name)`` returns True for a name the registry defines. ``subs`` then skips
    such a name when the game does not use it (a model variant without that factor)
    instead of reporting it as unknown. ``names()``, when given, lists the registry's
    names, so that a misspelt name is answered with the closest of them too. Registering
    the same provider twice has no effect. Returns a function that removes the provider
    again.

    >>> x = sympy.Symbol("x")
    >>> forget = register_known_names(lambda name: name == "demo_factor")
    >>> factor_replacements({"x": 1, "demo_factor": 2}, {"x": x})
    {x: 1}
    >>> forget()
    >>> factor_replacements({"demo_factor": 2}, {"x": x})
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown factor 'demo_factor'; known factor names: 'x'
    """
    if provider not in _KNOWN_NAME_PROVIDERS:
        _KNOWN_NAME_PROVIDERS.append(provider)
        if names is not None:
            _KNOWN_NAME_LISTS[provider] = names

    def forget() -> None:
        if provider in _KNOWN_NAME_PROVIDERS:
            _KNOWN_NAME_PROVIDERS.remove(provider)
            _KNOWN_NAME_LISTS.pop(provider, None)

    return forget


def _unknown_factor(name: Any, known: Mapping[str, Any], argument: str = "") -> Exception:
    """The error for a factor name that is neither the game's nor a registry's."""
    listed = [n for names in _KNOWN_NAME_LISTS.values() for n in names()]
    if closest_names(str(name), known):  # a near miss of the game's own names
        err = unknown_name("factor", name, known)
    elif closest_names(str(name), listed):  # else of a registry's
        err = unknown_name("factor", name, listed)
    elif known:  # no near miss: list the game's own
        err = unknown_name("factor", name, known)
    else:
        err = unknown_name("factor", name, [])
        err.args = (f"unknown factor {name!r}: the game has no free factor.",)
    if argument:
        err.args = (f"{argument}: {err}",)
    return err


def _is_known_name(name: object) -> bool:
    return isinstance(name, str) and any(known(name) for known in _KNOWN_NAME_PROVIDERS)


def check_factor_names(
    names: Any, known: Mapping[str, Any] | Any, *, argument: str = ""
) -> list[str]:
    """Refuse each of ``names`` (or a mapping's keys) that is neither a factor of the game
    (``known``) nor a factor a registry knows (:func:`register_known_names`).

    Names the registry knows but the game lacks are allowed (a full set of plausible
    ranges, given to a game that uses some of them); a misspelt name is refused with the
    closest names of both.

    >>> check_factor_names({"x": (0, 1)}, {"x": sympy.Symbol("x")})
    ['x']
    >>> check_factor_names({"y": (0, 1)}, {"x": sympy.Symbol("x")}, argument="bounds")
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: bounds: unknown factor 'y'; known factor names: 'x'
    """
    if isinstance(names, str):
        names = [names]
    out = []
    for key in names:
        name = key.name if isinstance(key, sympy.Symbol) else key
        if name not in known and not _is_known_name(name):
            raise _unknown_factor(name, known, argument)
        out.append(name)
    return out


def check_game(game: Any, what: str, kind: type | tuple[type, ...] | None = None) -> None:
    """Refuse anything that is not a game where a solver or a display needs one.

    A game is any object with ``players`` and ``is_symbolic`` (every game type of
    :mod:`triangle.games`); a float, a string or a payoff array is refused with the fix.
    With ``kind``, the game must also be of that class (or one of those classes): a
    solver for Bayesian games given a normal-form game says so, instead of failing on
    an attribute the game lacks.

    >>> check_game(0.5, "pure_equilibria")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: pure_equilibria takes a game (a NormalFormGame, ...
    >>> from triangle.games.normal_form import NormalFormGame
    >>> check_game(NormalFormGame([[[1]], [[0]]]), "sustains", kind=tuple)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: sustains takes a tuple; got a NormalFormGame. ...
    """
    if not (hasattr(game, "is_symbolic") and hasattr(game, "players")):
        shown = repr(game)
        raise InvalidArgumentTypeError(
            f"{what} takes a game (a NormalFormGame, SequentialGame, RepeatedGame, ...); got "
            f"{type(game).__name__} {shown[:60]}. Build one first, e.g. "
            f"triangle.NormalFormGame.from_bimatrix(A, B)."
        )
    if kind is not None and not isinstance(game, kind):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        names = " or ".join(k.__name__ for k in kinds)
        raise InvalidArgumentTypeError(
            f"{what} takes a {names}; got a {type(game).__name__}. Build the game of that "
            f"kind (see triangle.{kinds[0].__name__}), or call the solver for this game's kind."
        )


def check_terms(terms: Any, what: str = "terms") -> Any:
    """Refuse ``terms`` unless ``None`` or a list or tuple of payoff terms (objects with
    an ``id``, a ``player`` and an ``expression``, as :class:`triangle.models.terms.Term`);
    return ``terms`` unchanged. A game keeps its terms to explain its payoffs, so a
    number, a set or a string kept there would only fail later, far from the mistake.

    >>> check_terms(None) is None
    True
    >>> check_terms(float("nan"))
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: terms is a list or tuple of payoff terms ...
    """
    if terms is None:
        return None
    check_container(terms, what, InvalidArgumentTypeError)
    if not isinstance(terms, (list, tuple)):
        raise InvalidArgumentTypeError(
            f"{what} is a list or tuple of payoff terms (triangle.models.terms.Term), or None; "
            f"got {type(terms).__name__} {repr(terms)[:60]}."
        )
    for k, term in enumerate(terms):
        if not all(hasattr(term, a) for a in ("id", "player", "expression")):
            raise InvalidArgumentTypeError(
                f"{what}[{k}] is not a payoff term (triangle.models.terms.Term); got "
                f"{type(term).__name__} {repr(term)[:60]}."
            )
    return terms


def read_bounds(
    bounds: Any, factors: Mapping[str, sympy.Symbol], *, argument: str = "bounds"
) -> dict[sympy.Symbol, tuple[sympy.Expr, sympy.Expr]]:
    """``{factor: (low, high)}`` as exact sympy bounds on the game's ``factors``.

    Every name is used or refused (:func:`check_factor_names`; a name a registry knows
    but the game lacks is skipped, so a full set of ranges can be given); each bound is a
    finite real number, or ``None`` for no bound on that side; ``low <= high``. Floats are
    read by their shortest decimal. Shared by the solvers that take ``bounds=``.

    >>> x = sympy.Symbol("x")
    >>> read_bounds({"x": (0, 0.5)}, {"x": x})
    {x: (0, 1/2)}
    >>> read_bounds({"x": (0, float("nan"))}, {"x": x})
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidGameError: bounds for 'x' must be a (low, high) pair of finite ...
    """
    if bounds is None:
        return {}
    check_mapping(bounds, argument)
    check_factor_names(bounds, factors, argument=argument)  # used or refused
    out = {}
    for name, pair in bounds.items():
        key = name.name if isinstance(name, sympy.Symbol) else name
        if key not in factors:
            continue  # a registry factor the game does not use (a full set of ranges)
        ends: list[Any] = []
        ok = isinstance(pair, (tuple, list)) and len(pair) == 2
        for end in pair if ok else ():
            if end is None:
                ends.append(None)
            elif isinstance(end, (numbers.Real, sympy.Number)) and not isinstance(
                end, (bool, np.bool_)
            ) and sympy.sympify(end).is_finite:
                ends.append(sympy.nsimplify(end, rational=True))
            else:
                ok = False
        if not ok:
            raise InvalidGameError(
                f"{argument} for {key!r} must be a (low, high) pair of finite numbers (None for "
                f"no bound); got {pair!r}."
            )
        lo = -sympy.oo if ends[0] is None else ends[0]
        hi = sympy.oo if ends[1] is None else ends[1]
        if lo > hi:
            raise InvalidGameError(f"{argument} for {key!r}: low {lo} is above high {hi}.")
        out[factors[key]] = (lo, hi)
    return out


def check_values_used(values: Any, game: Any, *, argument: str = "values") -> None:
    """Refuse factor ``values`` for a numeric ``game``: its payoffs ignore them.

    A game with no free factor gives the same answer at every point, so values passed
    with it would be ignored silently; a symbolic game (or no values) is what is meant.

    >>> from triangle.games.normal_form import NormalFormGame
    >>> check_values_used(None, NormalFormGame([[[1]], [[0]]]))
    >>> check_values_used({"x": 1}, NormalFormGame([[[1]], [[0]]]))
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: values: the game is numeric (no free factor), so ...
    """
    if game is not None:
        check_game(game, "a claim check")
    if values is None or game is None or getattr(game, "factors", None) is None:
        return
    if not game.factors:
        raise InvalidArgumentError(
            f"{argument}: the game is numeric (no free factor), so the factor values given "
            f"would be ignored; pass the symbolic game (e.g. triangle.models.simultaneous()) "
            f"to evaluate at these values, or leave {argument} out."
        )


def factor_replacements(
    mapping: Any, known: Mapping[str, sympy.Symbol], convert: Callable[[Any], Any] | None = None
) -> dict[sympy.Symbol, sympy.Expr]:
    """Resolve ``{factor name or symbol: value}`` against a game's ``known`` factors.

    Accepts a plain mapping, a scenario (its ``values``) or a full assignment of the
    registry (``assigns_all_factors``: factors the game does not use are skipped). A
    name a registry knows (see :func:`register_known_names`) that the game does not use
    is skipped too; any other unknown name raises with the closest known names. Values
    must be finite real numbers or sympy expressions. ``convert`` maps each value first
    (e.g. :func:`exact_decimal`). Shared by every game type's ``subs``.

    >>> x = sympy.Symbol("x")
    >>> factor_replacements({"x": 2}, {"x": x})
    {x: 2}
    >>> factor_replacements({x: 0.1}, {"x": x}, convert=exact_decimal)
    {x: 1/10}
    """
    if not isinstance(mapping, Mapping) and isinstance(getattr(mapping, "values", None), Mapping):
        mapping = mapping.values  # a triangle.models.Scenario
    if not isinstance(mapping, Mapping):
        raise InvalidArgumentTypeError(
            f"subs takes a mapping of factor names to values (or a scenario); got "
            f"{type(mapping).__name__}."
        )
    # A full assignment (a scenario's values, factors.baseline()) covers every registry
    # factor; those this game does not use are skipped rather than reported as unknown.
    full = getattr(mapping, "assigns_all_factors", False)
    out: dict[sympy.Symbol, sympy.Expr] = {}
    for key, value in mapping.items():
        name = key.name if isinstance(key, sympy.Symbol) else key
        if name not in known:
            # A registered factor this game happens not to use (a model variant) is
            # skipped, as sweeps skip it; any other name is a mistake worth reporting.
            if full or _is_known_name(name):
                continue
            raise _unknown_factor(name, known)
        out[known[name]] = _sympify_value(name, convert(value) if convert else value)
    if not known and not full and len(mapping):
        # a numeric game ignores every value: say so rather than return it unchanged
        raise InvalidArgumentError(
            f"the game is numeric (no free factor), so substituting "
            f"{', '.join(map(repr, list(mapping)[:3]))} would change nothing; substitute "
            f"into the symbolic game (e.g. triangle.models.simultaneous()) instead."
        )
    return out


def _sympify_value(name: str, value: Any) -> sympy.Expr:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidGameError(f"value for factor {name!r} must be a number, not a boolean.")
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidGameError(
                f"value for factor {name!r} is {value}; expected a finite number."
            )
        return sympy.Float(float(value))
    # Strings are refused: sympify("a") would quietly introduce a new factor.
    if isinstance(value, sympy.Expr):
        expr = value
    elif isinstance(value, numbers.Real):
        expr = sympy.sympify(value)
    else:
        raise InvalidGameError(
            f"value for factor {name!r} is {value!r}; expected a real number (int, float, "
            f"Fraction) or a sympy expression."
        )
    if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or (expr.is_number and not expr.is_real):
        raise InvalidGameError(f"value for factor {name!r} is {value!r}; expected a finite number.")
    return expr


# --------------------------------------------------------------------------- exact numbers
def exact_decimal(value: Any) -> Any:
    """A finite float as the fraction of its shortest decimal; any other value unchanged.

    ``0.1`` becomes ``Fraction(1, 10)``, so that sums stay exact.

    >>> exact_decimal(0.1), exact_decimal(3)
    (Fraction(1, 10), 3)
    """
    if isinstance(value, (float, np.floating)) and np.isfinite(value):
        return Fraction(repr(float(value)))
    return value


def decimal_rational(value: Any) -> sympy.Rational:
    """A finite float (or sympy ``Float``) as the sympy rational of its shortest decimal.

    >>> decimal_rational(0.1)
    1/10
    """
    return sympy.Rational(Fraction(repr(float(value))))


def rationalize_floats(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every sympy ``Float`` in it read by its shortest decimal.

    >>> x = sympy.Symbol("x")
    >>> rationalize_floats(0.25 * x + sympy.Float(0.1))
    x/4 + 1/10
    """
    floats = expr.atoms(sympy.Float)
    if not floats:
        return expr
    return expr.xreplace({f: decimal_rational(f) for f in floats})


def piecewise_edges(expr: sympy.Expr) -> list[sympy.Expr]:
    """Where the conditions of ``expr``'s piecewise parts turn: each relational condition
    as ``lhs - rhs`` (expanded), one expression that is zero on the edge.

    >>> x = sympy.Symbol("x")
    >>> piecewise_edges(2 * sympy.Piecewise((1, x - 1 > 0), (0, True)))
    [x - 1]
    """
    out: list[sympy.Expr] = []
    for p in sorted(expr.atoms(sympy.Piecewise), key=sympy.default_sort_key):
        for _, cond in p.args:
            if isinstance(cond, sympy.core.relational.Relational):
                out.append(sympy.expand(cond.lhs - cond.rhs))
    return out


def piecewise_branches(expr: sympy.Expr) -> Iterator[sympy.Expr]:
    """Every combination of ``expr``'s piecewise parts replaced by one of their branch
    expressions: at any point ``expr`` equals one of them (a combination may still hold
    a nested piecewise part).

    >>> x = sympy.Symbol("x")
    >>> list(piecewise_branches(x * sympy.Piecewise((1, x > 1), (0, True)) + 1))
    [x + 1, 1]
    """
    parts = sorted(expr.atoms(sympy.Piecewise), key=sympy.default_sort_key)
    for choice in itertools.product(*(range(len(p.args)) for p in parts)):
        yield expr.xreplace({p: p.args[k].expr for p, k in zip(parts, choice, strict=True)})


def floats_to_fractions(values: np.ndarray) -> np.ndarray:
    """An object array of fractions, each float read by its shortest decimal.

    >>> floats_to_fractions(np.array([0.5, 0.1]))
    array([Fraction(1, 2), Fraction(1, 10)], dtype=object)
    """
    values = check_real_array(values, "values")  # finite and real, or a clear error
    out = np.empty(values.shape, dtype=object)
    for idx, v in np.ndenumerate(values):
        out[idx] = Fraction(repr(float(v)))
    return out


# --------------------------------------------------------------------------- sets as conditions
def as_relational(region: Any, x: sympy.Symbol) -> Any:
    """A set of values of ``x`` as inequalities in ``x``, without the infinite ends.

    >>> x = sympy.Symbol("x")
    >>> as_relational(sympy.Interval(1, sympy.oo), x)
    x >= 1
    >>> as_relational(sympy.Union(sympy.Interval.open(-sympy.oo, 0), sympy.FiniteSet(2)), x)
    Eq(x, 2) | (x < 0)
    """
    if region == sympy.S.Reals:
        return sympy.true
    if isinstance(region, sympy.Union):
        return sympy.Or(*(as_relational(part, x) for part in region.args))
    if isinstance(region, sympy.Interval):
        parts = []
        if region.start == region.end:
            return sympy.Eq(x, region.start)
        if region.start != -sympy.oo:
            parts.append(x > region.start if region.left_open else x >= region.start)
        if region.end != sympy.oo:
            parts.append(x < region.end if region.right_open else x <= region.end)
        return sympy.And(*parts)
    if isinstance(region, sympy.FiniteSet):
        return sympy.Or(*(sympy.Eq(x, v) for v in region))
    return region.as_relational(x)


@functools.lru_cache(maxsize=50_000)
def sorted_free_symbols(expr: sympy.Basic) -> tuple[sympy.Symbol, ...]:
    """The free symbols of ``expr``, sorted by name (remembered per expression: the payoffs
    of the models share most of their terms, which the claims and thresholds read again).

    >>> x, y = sympy.symbols("x y")
    >>> sorted_free_symbols(y * x + 1)
    (x, y)
    """
    return tuple(sorted(expr.free_symbols, key=lambda s: s.name))


def xreplace_terms(expr: sympy.Basic, rule: Mapping[sympy.Symbol, Any]) -> sympy.Basic:
    """``expr.xreplace(rule)`` for a ``rule`` of symbols, the same expression, a sum term by
    term with each term's result remembered by the term and what ``rule`` gives its free
    symbols: ``xreplace`` of a sum rebuilds it from its replaced terms (``Add(*terms)``)
    when some term changed and returns it as it is otherwise, as here. The payoffs share
    most of their terms, and the evaluator renames, and the thresholds substitute, the
    same terms again and again.

    >>> x, y, a = sympy.symbols("x y a")
    >>> xreplace_terms(x * y + 2 * x + 1, {x: a, y: 3})
    5*a + 1
    """
    if not expr.is_Add:
        return expr.xreplace(rule)
    terms = [_replaced_term(term, tuple(rule.get(s) for s in sorted_free_symbols(term)))
             for term in expr.args]
    if all(new is old for new, old in zip(terms, expr.args)):
        return expr
    return sympy.Add(*terms)


@functools.lru_cache(maxsize=50_000)
def _replaced_term(term: sympy.Basic, values: tuple[Any, ...]) -> sympy.Basic:
    """``term`` with its free symbols (sorted by name) replaced by ``values`` (``None``:
    left as it is)."""
    rule = {s: v for s, v in zip(sorted_free_symbols(term), values) if v is not None}
    return term.xreplace(rule) if rule else term

