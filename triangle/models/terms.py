"""Payoff terms: the documented pieces every payoff of the triangle models is a sum of.

A :class:`Term` says whose payoff it enters (``player``), in which strategy profiles it
applies (``when``: player -> the strategies in which it counts; players left out: any),
how large it is (``expression``, a sympy expression in factor symbols of
:data:`triangle.factors`), what it means in plain words, and which sentences of the
articles justify it. :func:`build_game` adds up the terms that apply in each cell.

Expressions are written as text and parsed safely (no ``eval``): only numbers, factor ids,
the shorthands of ``terms.toml`` (:data:`definitions`), ``+ - * / **``, parentheses and
:func:`step` are allowed, and an unknown name raises :class:`~triangle.UnknownNameError` with the
closest ids.

>>> import triangle as tri
>>> from triangle.models.terms import Term, build_game
>>> relief = Term(
...     id="relief", player="Russia", when={"US": ("engage",)},
...     expression="sanctions_relief * russia_economic_distress",
...     description="relief is paid to Russia when the US engages, whatever Russia does")
>>> g = build_game([relief], players=("US", "Russia"),
...                strategies=(("engage", "pressure"), ("pivot", "stay")))
>>> g.payoffs[1]
array([[russia_economic_distress*sanctions_relief,
        russia_economic_distress*sanctions_relief],
       [0, 0]], dtype=object)
>>> try:
...     Term(id="typo", player="US", expression="sanction_relief")
... except KeyError as err:  # an UnknownNameError
...     print(err)
unknown factor 'sanction_relief'; did you mean 'sanctions_relief', ...
"""

from __future__ import annotations

import ast
import functools
import itertools
import math
import numbers
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from os import PathLike
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidTermError, RegistryDataError, unknown_name
from triangle.games.aliases import ConditionsLike, ExprLike
from triangle.games.normal_form import NormalFormGame
from triangle.models.factors import Source, articles_folder, check_quotes, factors, parse_sources
from triangle.registries import Entry, check_mapping, check_tables, load_toml

__all__ = [
    "Conditions",
    "InvalidTermError",
    "Term",
    "article_keys",
    "build_game",
    "definitions",
    "drop_terms",
    "load_terms",
    "parse_expression",
    "premises",
    "register_articles",
    "replace_terms",
    "step",
]


class Conditions(Mapping[str, tuple[str, ...]]):
    """When a term applies: player -> the strategies (of that player) in which it counts.

    Players not listed do not restrict the term. An immutable, hashable mapping.
    Entries starting with ``@`` name a *group* of strategies that a model resolves
    (for instance China's ``@cuts_russia``, see :mod:`triangle.models.simultaneous`).

    >>> c = Conditions({"US": "engage", "Russia": ["pivot", "hedge"]})
    >>> c
    Conditions({'US': ('engage',), 'Russia': ('pivot', 'hedge')})
    >>> c.matches({"US": "engage", "Russia": "hedge", "China": "hold"})
    True
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str | Iterable[str]] | None = None) -> None:
        out: dict[str, tuple[str, ...]] = {}
        for player, allowed in (items or {}).items():
            if not isinstance(player, str) or not player:
                raise InvalidTermError(f"'when' is keyed by player names; got {player!r}.")
            names = (allowed,) if isinstance(allowed, str) else tuple(allowed)
            if not names or not all(isinstance(s, str) and s for s in names):
                raise InvalidTermError(
                    f"'when' gives {player!r} a non-empty list of strategy names; got {allowed!r}."
                )
            out[player] = names
        self._items = out

    def __getitem__(self, player: str) -> tuple[str, ...]:
        return self._items[player]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == {k: tuple(v) for k, v in other.items()}
        return NotImplemented

    def __repr__(self) -> str:
        return f"Conditions({self._items!r})"

    def matches(self, profile: Mapping[str, str]) -> bool:
        """Whether a pure profile ``{player: strategy}`` satisfies every condition."""
        return all(profile.get(p) in allowed for p, allowed in self._items.items())

    def describe(self) -> str:
        """The conditions in words, e.g. ``"US: engage; Russia: pivot or hedge"``."""
        if not self._items:
            return "in every profile"
        return "; ".join(f"{p}: {' or '.join(s)}" for p, s in self._items.items())


# --------------------------------------------------------------------- expressions
_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


def step(x: ExprLike) -> sympy.Expr:
    """``1`` where ``x > 0``, else ``0``: a player's best sub-choice folded into a payoff.

    The one function of the grammar: a term pays out only where a choice the strategies do
    not list is worth making (Russia meets 001's conditions, ``terms.toml``). Two
    polynomial branches and a condition in the factors; sign proofs split on the branches.

    >>> x = sympy.Symbol("x")
    >>> step(x)
    Piecewise((1, x > 0), (0, True))
    >>> step(x).subs(x, 0), step(x).subs(x, 0.5)
    (0, 1)
    """
    return sympy.Piecewise((sympy.Integer(1), sympy.sympify(x) > 0), (sympy.Integer(0), True))

#: The functions an expression may call, by name.
FUNCTIONS = {"step": step}

#: The model's grammar has no large powers: an exponent is a whole number of at most this size.
MAX_EXPONENT = 10
#: Longest expression text, and most syntax nodes, the parser reads (a payoff is a short sum).
MAX_EXPRESSION_LENGTH = 2000
MAX_EXPRESSION_NODES = 400
#: Largest magnitude of a number written in an expression, and of any constant it yields.
MAX_LITERAL = 10**12
MAX_CONSTANT = 10**30


def parse_expression(
    text: str,
    *,
    registry: Mapping[str, Any] | None = None,
    shorthands: Mapping[str, sympy.Expr] | None = None,
) -> sympy.Expr:
    """Parse a payoff expression written in factor ids.

    Only numbers, names, ``+ - * / **``, parentheses and ``step(x)`` (:func:`step`) are
    allowed; names are the ids
    of ``registry`` (default :data:`triangle.factors`) or the shorthands of
    :data:`definitions` (expanded in place). Decimal literals become exact rationals.

    The work is bounded before it is done: at most :data:`MAX_EXPRESSION_LENGTH`
    characters and :data:`MAX_EXPRESSION_NODES` syntax nodes; an exponent is a whole
    number within ``±``:data:`MAX_EXPONENT` (checked before the power is taken, so
    ``9**9**9`` is refused at once); numbers written are at most :data:`MAX_LITERAL` in
    size and constants at most :data:`MAX_CONSTANT`; a division by zero is refused.

    >>> parse_expression("0.5 * hedge_depth * arms_control")
    arms_control*hedge_depth/2
    >>> parse_expression("10 * china_import_share") == parse_expression("china_lifeline")
    True
    >>> parse_expression("__import__('os')")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidTermError: expression "__import__('os')": the only function is ...
    >>> parse_expression("9**9**9")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidTermError: expression '9**9**9': an exponent is a whole number ...
    """
    registry = factors if registry is None else registry
    shorthands = definitions() if shorthands is None else shorthands
    if not isinstance(text, str) or not text.strip():
        raise InvalidTermError(f"an expression is a non-empty string; got {text!r}.")
    shown = text if len(text) <= 80 else text[:77] + "..."
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise InvalidTermError(
            f"expression {shown!r} has {len(text)} characters; a payoff expression has at "
            f"most {MAX_EXPRESSION_LENGTH}. Split it into several terms."
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise InvalidTermError(f"expression {shown!r} is not valid: {exc.msg}.") from None
    except (RecursionError, MemoryError):  # nesting too deep for Python's own parser
        raise InvalidTermError(f"expression {shown!r} is nested too deeply.") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_EXPRESSION_NODES:
        raise InvalidTermError(
            f"expression {shown!r} has more than {MAX_EXPRESSION_NODES} parts; split it into "
            f"several terms."
        )

    def power(node: ast.BinOp) -> sympy.Expr:
        exponent = walk(node.right)  # the exponent first: refuse before computing the power
        if not (exponent.is_Integer and abs(int(exponent)) <= MAX_EXPONENT):
            raise InvalidTermError(
                f"expression {shown!r}: an exponent is a whole number between {-MAX_EXPONENT} "
                f"and {MAX_EXPONENT}; got {_short(exponent)}."
            )
        base = walk(node.left)
        if base == 0 and exponent < 0:
            raise InvalidTermError(f"expression {shown!r}: 0 to a negative power.")
        return constant(base**exponent)

    def constant(value: sympy.Expr) -> sympy.Expr:
        if value.is_Number and (value.has(sympy.zoo, sympy.nan) or abs(value) > MAX_CONSTANT):
            raise InvalidTermError(
                f"expression {shown!r}: a constant of size {_short(value)} (at most "
                f"{MAX_CONSTANT:.0e}); payoffs are in payoff units of ordinary size."
            )
        return value

    def call(node: ast.Call) -> sympy.Expr:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or len(node.args) != 1 or node.keywords:
            raise InvalidTermError(
                f"expression {shown!r}: the only function is step(x) (1 where x > 0, else 0), "
                f"with one argument; found a call of {ast.unparse(node.func)!r}."
            )
        return FUNCTIONS[name](walk(node.args[0]))

    def walk(node: ast.AST) -> sympy.Expr:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return power(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            den = walk(node.right)
            if den == 0:
                raise InvalidTermError(f"expression {shown!r}: division by zero.")
            return constant(walk(node.left) / den)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return constant(_BINOPS[type(node.op)](walk(node.left), walk(node.right)))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = walk(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not (
            isinstance(node.value, bool)
        ):
            if isinstance(node.value, float) and not math.isfinite(node.value):
                raise InvalidTermError(f"expression {shown!r}: numbers must be finite.")
            if abs(node.value) > MAX_LITERAL:
                raise InvalidTermError(
                    f"expression {shown!r}: the number {_short(node.value)} is larger than "
                    f"{MAX_LITERAL:.0e}; payoffs are in payoff units of ordinary size."
                )
            return sympy.Rational(repr(node.value)) if isinstance(node.value, float) else (
                sympy.Integer(node.value)
            )
        if isinstance(node, ast.Call):
            return call(node)
        if isinstance(node, ast.Name):
            if node.id in shorthands:
                return shorthands[node.id]
            if node.id in registry:
                return registry[node.id].symbol
            raise unknown_name("factor", node.id, [*registry, *shorthands])
        raise InvalidTermError(
            f"expression {shown!r}: only numbers, factor ids, + - * / **, parentheses and "
            f"step(x) are allowed; found a {type(node).__name__}."
        )

    return sympy.sympify(walk(tree))


def _short(value: Any) -> str:
    """A number for a message, without printing a million digits."""
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}...({len(text)} characters)"


#: The tables of the package's terms file, and of a terms file of your own.
TERM_TABLES = ("term", "definitions", "premises")
USER_TERM_TABLES = ("term",)


def _table(data: Any, name: str) -> dict[str, Any]:
    """A plain table (``[definitions]``) of a data file, checked to be one."""
    table = data.get(name, {})
    if not isinstance(table, Mapping):
        raise RegistryDataError(
            f"{data.source}: [{name}] must be a table of name = value lines; got "
            f"{type(table).__name__}."
        )
    return dict(table)


@functools.lru_cache(maxsize=1)
def _definitions() -> dict[str, sympy.Expr]:
    data = load_toml("terms.toml")
    check_tables(data, TERM_TABLES)
    out: dict[str, sympy.Expr] = {}
    for name, text in _table(data, "definitions").items():
        where = Entry({"id": name}, source=data.source, kind="definition")
        if name in factors:
            raise where.error("clashes with a factor id; rename it.")
        if not isinstance(text, str):
            raise where.error(f"expected an expression string; got {text!r}.")
        with where.context():
            out[name] = parse_expression(text, shorthands=out)
    return out


@functools.lru_cache(maxsize=1)
def _premises() -> dict[str, tuple[str, Conditions]]:
    data = load_toml("terms.toml")
    out: dict[str, tuple[str, Conditions]] = {}
    for name, table in _table(data, "premises").items():
        where = Entry(table if isinstance(table, Mapping) else {}, source=data.source,
                      kind="premise")
        where["id"] = name
        if not isinstance(table, Mapping):
            raise where.error(f"expected a table with description and when; got {table!r}.")
        where.check_fields(required=("description", "when"), optional=())
        with where.context():
            out[name] = (where.field("description", str), Conditions(where.field("when", dict)))
    return out


def premises() -> dict[str, tuple[str, Conditions]]:
    """The premises a term may require (``[premises]`` of ``terms.toml``).

    Each maps a name to (what it says, the profiles in which it is true).

    >>> premises()["china_tie"][1]
    Conditions({'Russia': ('hedge', 'stay'), 'China': ('@keeps_ties',)})
    """
    return dict(_premises())


def definitions() -> dict[str, sympy.Expr]:
    """The shorthands terms may use (``[definitions]`` of ``terms.toml``), expanded.

    >>> definitions()["china_lifeline"]
    10*china_import_share
    """
    return dict(_definitions())


# --------------------------------------------------------------------- terms
@dataclass(frozen=True)
class Term:
    """One documented piece of a payoff.

    Attributes
    ----------
    id
        Unique identifier (``snake_case``), e.g. ``"ru_relief_unconditional"``.
    player
        The player whose payoff the term enters.
    when
        Player -> strategies in which the term applies (players left out: any). A
        mapping is converted to :class:`Conditions`.
    expression
        A sympy expression in factor symbols, or a string parsed by
        :func:`parse_expression` (only registry ids and shorthands are allowed).
    description
        What the term means, in plain words.
    sources
        Verbatim quotes (:class:`~triangle.models.factors.Source`) that justify it.
    variants
        The model variants the term belongs to (e.g. ``("russia",)`` for China punishing
        Russia); empty means every variant.
    requires
        The premises the term states (names of :func:`premises`, e.g. ``"china_tie"``):
        relationships that must hold wherever the term applies. :meth:`violations` lists
        the profiles where ``when`` lets the term apply although a premise is false.
    provenance
        ``"cited"`` (the quotes state the mechanism) or ``"assumed"`` (no quote states it;
        the quotes are context and ``reason`` says why the term is there).
    reason
        Why an assumed term is in the model (required when ``provenance="assumed"``).
    text
        The expression as written (kept for display).

    >>> t = Term(id="cut_off", player="Russia",
    ...          when={"Russia": "pivot", "China": "@cuts_russia"},
    ...          expression="-china_lifeline", description="China cuts Russia's lifeline")
    >>> t.expression, t.text
    (-10*china_import_share, '-china_lifeline')
    >>> t.when
    Conditions({'Russia': ('pivot',), 'China': ('@cuts_russia',)})
    """

    id: str
    player: str
    when: ConditionsLike = field(default_factory=Conditions)
    expression: ExprLike = 0
    description: str = ""
    sources: tuple[Source, ...] = ()
    variants: tuple[str, ...] = ()
    text: str = field(default="", compare=False)
    requires: tuple[str, ...] = ()
    provenance: str = "cited"
    reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.isidentifier():
            raise InvalidTermError(f"a term id is an identifier (snake_case); got {self.id!r}.")
        if not isinstance(self.player, str) or not self.player:
            raise InvalidTermError(f"term {self.id!r}: player must be a player name.")
        if not isinstance(self.when, Conditions):
            object.__setattr__(self, "when", Conditions(self.when))
        expr = self.expression
        if isinstance(expr, str):
            object.__setattr__(self, "text", self.text or expr)
            expr = parse_expression(expr)
        elif isinstance(expr, (numbers.Number, sympy.Basic)) and not isinstance(expr, bool):
            expr = _with_registry_symbols(sympy.sympify(expr))
        else:
            raise InvalidTermError(
                f"term {self.id!r}: the expression is a string or a sympy expression; got {expr!r}."
            )
        if not isinstance(expr, sympy.Expr):
            raise InvalidTermError(f"term {self.id!r}: {expr!r} is not an expression.")
        object.__setattr__(self, "expression", expr)
        if not self.text:
            object.__setattr__(self, "text", str(expr))
        sources = tuple(
            s if isinstance(s, Source) else Source(s["file"], s["quote"]) for s in self.sources
        )
        object.__setattr__(self, "sources", sources)
        variants = (self.variants,) if isinstance(self.variants, str) else tuple(self.variants)
        object.__setattr__(self, "variants", variants)
        requires = (self.requires,) if isinstance(self.requires, str) else tuple(self.requires)
        object.__setattr__(self, "requires", requires)
        if self.provenance not in ("cited", "assumed"):
            raise InvalidTermError(
                f"term {self.id!r}: provenance is 'cited' or 'assumed'; got {self.provenance!r}."
            )
        if self.provenance == "assumed" and not self.reason:
            raise InvalidTermError(
                f"term {self.id!r} is assumed: give a 'reason' saying why it is in the model."
            )

    # ------------------------------------------------------------- queries
    @property
    def factors(self) -> tuple[str, ...]:
        """The ids of the factors the expression uses, sorted.

        >>> Term(id="t", player="Russia", expression="sanctions_relief * hedge_depth").factors
        ('hedge_depth', 'sanctions_relief')
        """
        return tuple(sorted(s.name for s in self.expression.free_symbols))

    @property
    def groups(self) -> tuple[str, ...]:
        """The unresolved ``@group`` names in :attr:`when`.

        >>> Term(id="t", player="Russia", when={"China": "@cuts_russia"}, expression="1").groups
        ('@cuts_russia',)
        """
        return tuple(s for allowed in self.when.values() for s in allowed if s.startswith("@"))

    def applies(self, profile: Mapping[str, str]) -> bool:
        """Whether the term counts in a pure profile ``{player: strategy}``.

        >>> t = Term(id="t", player="US", when={"Russia": "pivot"}, expression="1")
        >>> t.applies({"US": "engage", "Russia": "pivot"}), t.applies({"Russia": "stay"})
        (True, False)
        """
        return self.when.matches(profile)

    def violations(
        self,
        players: Sequence[str],
        strategies: Sequence[Sequence[str]],
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> list[tuple[str, dict[str, str]]]:
        """The (premise, profile) pairs where the term applies but a premise it requires fails.

        ``groups`` resolves ``@group`` entries, both of the term and of the premises (see
        :data:`triangle.models.CHINA_GROUPS`). An empty list means ``when`` respects every
        premise in :attr:`requires`.

        >>> from triangle.models import PLAYERS, STRATEGIES, CHINA_GROUPS
        >>> t = Term(id="t", player="Russia", when={"China": "@keeps_ties"},
        ...          expression="1", requires=("china_tie",))
        >>> bad = t.violations(PLAYERS, STRATEGIES, CHINA_GROUPS["russia"])
        >>> bad[0]
        ('china_tie', {'US': 'engage', 'Russia': 'pivot', 'China': 'reward'})
        >>> t2 = Term(id="t2", player="Russia", expression="1", requires=("china_tie",),
        ...           when={"Russia": ["hedge", "stay"], "China": "@keeps_ties"})
        >>> t2.violations(PLAYERS, STRATEGIES, CHINA_GROUPS["russia"])
        []
        """
        groups = {} if groups is None else groups
        known = premises()
        term = self.resolve(groups)
        out: list[tuple[str, dict[str, str]]] = []
        if term is None:
            return out
        for name in self.requires:
            if name not in known:
                raise unknown_name("premise", name, known)
            premise = Term(id="premise", player=self.player, when=known[name][1]).resolve(groups)
            for cell in itertools.product(*strategies):
                profile = dict(zip(players, cell))
                if term.applies(profile) and (premise is None or not premise.applies(profile)):
                    out.append((name, profile))
        return out

    def value(self, values: Mapping[str, Any]) -> float:
        """The term's value at factor values ``{id: number}`` (extra ids are ignored).

        >>> Term(id="t", player="US", expression="2 * hedge_depth").value({"hedge_depth": 0.25})
        0.5
        """
        subs = {}
        for sym in self.expression.free_symbols:
            if sym.name not in values:
                raise InvalidTermError(
                    f"term {self.id!r} needs a value for factor {sym.name!r}; give every "
                    f"factor it uses ({', '.join(self.factors)}), e.g. triangle.factors.baseline()."
                )
            subs[sym] = sympy.sympify(values[sym.name])
        return float(self.expression.xreplace(subs))

    # ------------------------------------------------------------- variations
    def with_expression(self, expression: str | sympy.Expr, text: str = "") -> Term:
        """A copy with another expression (same id, conditions, sources).

        >>> t = Term(id="t", player="US", expression="arms_control")
        >>> t.with_expression("2 * arms_control").expression
        2*arms_control
        """
        return replace(self, expression=expression, text=text if text else "")

    def resolve(self, groups: Mapping[str, Sequence[str]]) -> Term | None:
        """Replace ``@group`` entries of :attr:`when` by the strategies they stand for.

        Returns ``None`` when a player's conditions resolve to no strategy at all (the
        term never applies in that model). Unknown groups raise.

        >>> t = Term(id="t", player="Russia", when={"China": "@cuts_russia"}, expression="1")
        >>> t.resolve({"@cuts_russia": ("punish",)}).when
        Conditions({'China': ('punish',)})
        >>> t.resolve({"@cuts_russia": ()}) is None
        True
        """
        if not self.groups:
            return self
        new: dict[str, tuple[str, ...]] = {}
        for player, allowed in self.when.items():
            names: list[str] = []
            for s in allowed:
                if s.startswith("@"):
                    if s not in groups:
                        raise unknown_name("strategy group", s, groups)
                    names.extend(groups[s])
                else:
                    names.append(s)
            if not names:
                return None
            new[player] = tuple(dict.fromkeys(names))
        return replace(self, when=Conditions(new))

    def __repr__(self) -> str:
        return f"Term({self.id!r}, {self.player}, {self.when.describe()}: {self.expression})"


def _with_registry_symbols(expr: sympy.Expr) -> sympy.Expr:
    """Swap symbols named like registry factors for the registry's own (with assumptions)."""
    swap = {
        s: factors[s.name].symbol
        for s in expr.free_symbols
        if s.name in factors and s != factors[s.name].symbol
    }
    return expr.xreplace(swap) if swap else expr


def _parse_term(entry: Entry, registry: Mapping[str, Any] | None = None) -> Term:
    entry.check_fields(
        required=("id", "player", "expression", "description", "sources"),
        optional=("when", "variants", "requires", "provenance", "reason"),
    )
    text = {k: entry.field(k, str) for k in ("id", "player", "expression", "description")}
    lists = {k: entry.field(k, list, []) for k in ("variants", "requires")}
    for k, items in lists.items():
        if not all(isinstance(x, str) for x in items):
            raise entry.error(f"expected a list of names; got {items!r}.", field=k)
    with entry.context():
        expression: Any = text["expression"]
        if registry is not None:  # a file of your own may use your own factors too
            expression = parse_expression(expression, registry=registry)
        return Term(
            id=text["id"],
            player=text["player"],
            when=entry.field("when", dict, {}),
            expression=expression,
            text=text["expression"],
            description=text["description"],
            sources=parse_sources(entry),
            variants=tuple(lists["variants"]),
            requires=tuple(lists["requires"]),
            provenance=entry.field("provenance", str, "cited"),
            reason=entry.field("reason", str, ""),
        )


def load_terms(
    source: str | PathLike[str] = "terms.toml",
    *,
    factors: Mapping[str, Any] | None = None,
    articles: str | PathLike[str] | None = None,
) -> tuple[Term, ...]:
    """The terms of a TOML file: a package data file name, or a path to your own file.

    The default is the simultaneous model's terms (with China's ``@groups`` unresolved).
    A file of your own has the same layout: ``[[term]]`` tables with ``id``, ``player``,
    ``when``, ``expression``, ``description`` and ``sources`` (and optional ``variants``,
    ``requires``, ``provenance``, ``reason``); its expressions may use the package's
    shorthands, and the factors of ``factors`` (your own, from
    :func:`triangle.models.factors.load_factors`) besides the package's. The file is
    checked as the package's is: no other table (``[[terms]]`` is refused, not skipped),
    no unknown field, each field of its type, and the quotes verbatim in their articles
    when these are available (:func:`triangle.models.factors.check_quotes`). Errors name
    the file, the term and the field.

    >>> terms = load_terms()
    >>> len({t.id for t in terms}) == len(terms)
    True
    """
    if articles is not None:
        articles_folder(articles)  # a folder of the articles, or a clear error
    data = load_toml(source)
    package = data.source == "triangle/data/terms.toml"
    check_tables(data, TERM_TABLES if package else USER_TERM_TABLES)
    registry = None
    if factors is not None:
        check_mapping(factors, "factors (your own, from load_factors)")
        clash = sorted(set(factors) & set(_package_factors()))
        if clash:
            raise RegistryDataError(f"factors= redefines the package's factors {clash}.")
        registry = {**_package_factors(), **factors}
    terms = tuple(_parse_term(e, registry) for e in data.entries("term", kind="term"))
    if not package:
        check_quotes(((f"{data.source}: term {t.id!r}", s) for t in terms for s in t.sources),
                     articles)
    return terms


def _package_factors() -> Mapping[str, Any]:
    return factors


def replace_terms(terms: Iterable[Term], *new: Term) -> tuple[Term, ...]:
    """``terms`` with each term of ``new`` put in place of the term with its id.

    >>> a = Term(id="a", player="US", expression="1")
    >>> b = Term(id="b", player="US", expression="2")
    >>> replace_terms([a, b], b.with_expression("3"))[1].expression
    3
    """
    terms = tuple(terms)
    ids = [t.id for t in terms]
    by_id = {}
    for t in new:
        if t.id not in ids:
            raise unknown_name("term", t.id, ids)
        by_id[t.id] = t
    return tuple(by_id.get(t.id, t) for t in terms)


def drop_terms(terms: Iterable[Term], *ids: str) -> tuple[Term, ...]:
    """``terms`` without the terms whose ids are given (each must exist).

    >>> a = Term(id="a", player="US", expression="1")
    >>> drop_terms([a], "a")
    ()
    """
    terms = tuple(terms)
    known = [t.id for t in terms]
    for tid in ids:
        if tid not in known:
            raise unknown_name("term", tid, known)
    return tuple(t for t in terms if t.id not in ids)


# --------------------------------------------------------------------- games from terms
def build_game(
    terms: Iterable[Term],
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
) -> NormalFormGame:
    """The normal-form game whose payoff in each cell is the sum of the terms that apply.

    Every term must belong to a listed player and name only listed players and their
    strategies (``@group`` entries must be resolved first). The game keeps the terms
    (``game.terms``), so :func:`triangle.explain` can trace each cell to its sources.

    >>> t = Term(id="t", player="B", when={"A": "x"}, expression="arms_control")
    >>> g = build_game([t], players=("A", "B"), strategies=(("x", "y"), ("l",)))
    >>> g.payoffs[1, :, 0]
    array([arms_control, 0], dtype=object)
    >>> build_game([t], players=("A", "B"), strategies=(("u", "y"), ("l",)))
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: term 't': unknown strategy of 'A' 'x'; known ... 'u', 'y'
    """
    terms = tuple(terms)
    players = tuple(players)
    names: tuple[tuple[str, ...], ...] = tuple(tuple(s) for s in strategies)
    if len(names) != len(players):
        raise InvalidTermError(
            f"give one tuple of strategy names per player ({len(players)}); got {len(names)}."
        )
    seen: set[str] = set()
    for t in terms:
        if not isinstance(t, Term):
            raise InvalidTermError(f"build_game takes Term objects; got {t!r}.")
        if t.id in seen:
            raise InvalidTermError(f"term id {t.id!r} appears more than once; ids must be unique.")
        seen.add(t.id)
        _check_term(t, players, names)
    n = len(players)
    payoffs = np.empty((n, *map(len, names)), dtype=object)
    index = {p: i for i, p in enumerate(players)}
    owners = [[t for t in terms if index[t.player] == i] for i in range(n)]
    for cell in itertools.product(*(range(len(s)) for s in names)):
        profile = {p: names[k][j] for k, (p, j) in enumerate(zip(players, cell))}
        for i in range(n):
            applying = (t.expression for t in owners[i] if t.applies(profile))
            payoffs[(i, *cell)] = sympy.Add(*applying)
    register_articles(terms)
    return NormalFormGame(payoffs, players=players, strategies=names, terms=terms)


def register_articles(terms: Iterable[Term]) -> None:
    """Record the articles a model's terms cite, so ``triangle.cite()`` lists them.

    >>> from triangle.citations import used
    >>> register_articles(load_terms())
    >>> "heybatov2025" in used()
    True
    """
    from triangle.citations import register

    register(*article_keys(terms))


def article_keys(terms: Iterable[Term]) -> tuple[str, ...]:
    """The bibliography keys of the articles ``terms`` cite, sorted.

    >>> article_keys(load_terms())
    ('geopoliticalmonitor2025', 'harper2025', 'heybatov2025', 'petrenko2025', 'trumpsequel2025')
    """
    from triangle.citations import article_for_file

    return tuple(sorted({article_for_file(s.file) for t in terms for s in t.sources}))


def _check_term(t: Term, players: tuple[str, ...], strategies: tuple[tuple[str, ...], ...]) -> None:
    if t.player not in players:
        raise unknown_name(f"player in term {t.id!r}:", t.player, players)
    for player, allowed in t.when.items():
        if player not in players:
            raise unknown_name(f"player in term {t.id!r}:", player, players)
        own = strategies[players.index(player)]
        for s in allowed:
            if s.startswith("@"):
                raise InvalidTermError(
                    f"term {t.id!r} uses the strategy group {s!r}, which this game does not "
                    f"define; resolve groups first (Term.resolve) or use a model that does, "
                    f"e.g. triangle.models.simultaneous(terms=...)."
                )
            if s not in own:
                err = unknown_name(f"strategy of {player!r}", s, own)
                err.args = (f"term {t.id!r}: {err}",)
                raise err
