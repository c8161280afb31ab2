"""Gambit's game files: read ``.nfg`` and ``.efg`` into the package's games, and write them.

`Gambit <https://www.gambit-project.org>`_ (and its Python package ``pygambit``) stores
games in two text formats (McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game
Theory*):

- ``.nfg`` (``NFG 1 R``), a game in normal form, read into a
  :class:`~triangle.games.normal_form.NormalFormGame`. Both versions of the format are read:
  the *payoff* version (every profile's payoffs listed in turn) and the *outcome* version
  (numbered outcomes, then one outcome number per profile). Profiles are listed with the
  **first** player's strategy changing fastest. Strategies are given by name
  (``{ { "U" "D" } { "L" "R" } }``) or by number (``{ 2 2 }``: named ``"1"``, ``"2"``).
- ``.efg`` (``EFG 2 R``), a game tree, read into a
  :class:`~triangle.games.sequential.SequentialGame`: personal nodes ``p``, chance nodes
  ``c`` with their probabilities, terminal nodes ``t`` (the nodes of
  :mod:`triangle.games.tree`). A node's payoff is the sum of the outcomes met on the way
  to it (Gambit lets inner nodes carry outcomes too). A
  ``SequentialGame`` has perfect information, so a file whose information sets hold more
  than one node is refused with :class:`~triangle.errors.UnsupportedGameError`.

Numbers are read exactly: ``3`` and ``-1/3`` as integers and fractions, and decimals by
the digits written (``0.1`` is ``Fraction(1, 10)``, ``2.5e-1`` is ``1/4``), as the package
reads floats everywhere; a game whose numbers are all rational is therefore exact
(:attr:`NormalFormGame.exact_payoffs`). Empty and repeated labels, which the package's games
do not allow, are renamed as pygambit 16.7 renames them: empty ones ``_1``, ``_2``, ...;
repeated ones ``x_1``, ``x_2``, ...; a tree's player called ``"chance"`` (the package's
name for chance) becomes ``chance_1``. Node labels name the nodes when they are unique.
Gambit's formats have no comment syntax; the optional quoted *comment* after the players
(``.efg``) or the strategies (``.nfg``) is read and dropped, like the title. Inside a quoted
label ``\\"`` is a quote and ``\\\\`` a backslash. Malformed files raise
:class:`~triangle.errors.GambitFormatError`, naming the line and column, what was expected
there and what was found.

The writers (:func:`to_nfg`, :func:`to_efg`; also the methods ``to_gambit()`` of both game
classes) write numbers exactly: integers, then decimals when a fraction has a short
decimal form (``1/4`` as ``0.25``), else ``p/q``. Symbolic games are refused: substitute
values first (``game.subs(...)``). Labels are written as they are; pygambit 16.7 reads only
labels of printable ASCII characters without leading, trailing or doubled spaces, and reads
a backslash (written ``\\\\``) back as three, so keep to such labels for files meant for it.

>>> import triangle as tri
>>> game = tri.read_gambit('''
... NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
... { { "cooperate" "defect" } { "cooperate" "defect" } }
... 3 3   5 0   0 5   1 1
... ''')
>>> game.strategies
(('cooperate', 'defect'), ('cooperate', 'defect'))
>>> game.payoffs[0]
array([[3., 0.],
       [5., 1.]])
>>> tri.read_gambit(to_nfg(game)).payoffs.tolist() == game.payoffs.tolist()
True
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import IO, Any

import numpy as np

from triangle.errors import (
    GambitFormatError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidGameError,
    UnsupportedGameError,
)
from triangle.games._gambit_lexer import Reader, Token, describe, tokenize, where_file
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.sequential import SequentialGame
from triangle.games.tree import CHANCE, Chance, Decision, Leaf

__all__ = ["read_gambit", "to_efg", "to_nfg"]

#: The longest decimal expansion the writers use before writing ``p/q`` instead.
_MAX_DECIMALS = 20


# --------------------------------------------------------------------------- reading
def read_gambit(source: str | os.PathLike[str] | IO[Any]) -> NormalFormGame | SequentialGame:
    """Read a Gambit ``.nfg`` or ``.efg`` game, from a file or from its text.

    Parameters
    ----------
    source
        A path (``str`` or :class:`pathlib.Path`), an open file, or the file's text itself
        (a string that starts with ``NFG`` or ``EFG``).

    Returns
    -------
    NormalFormGame or SequentialGame
        A :class:`NormalFormGame` for an ``.nfg`` file, a :class:`SequentialGame` for an
        ``.efg`` file, with Gambit's names for players, strategies, moves and nodes.

    Raises
    ------
    GambitFormatError
        The text is not a well-formed Gambit file; the message names the line and column.
    UnsupportedGameError
        A well-formed file the package's games cannot hold: information sets with several
        nodes (imperfect information), a one-player normal form, an action-graph game.

    Examples
    --------
    >>> import triangle as tri
    >>> tree = tri.read_gambit('''
    ... EFG 2 R "Entry" { "Entrant" "Incumbent" } ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "peace" { 1, 1 }
    ... ''')
    >>> tree.players, tree.payoffs_at(["in", "accommodate"])
    (('Entrant', 'Incumbent'), (1, 1))
    >>> tri.read_gambit('NFG 1 R "" { "A" "B" } { 2 2 } 1 1 0 0 0')
    Traceback (most recent call last):
    ...
    triangle.errors.GambitFormatError: line 1, column 41: expected 8 payoffs (2 players x 4 ...
    """
    text, name = _source_text(source)
    stripped = text.lstrip()
    if stripped.startswith("<"):
        raise UnsupportedGameError(
            f"{where_file(name)}this is an XML (.gbt) Gambit workbook, not an .nfg or .efg "
            f"file; convert it with pygambit: pygambit.read_gbt(path).to_efg() (or .to_nfg())."
        )
    reader = Reader(tokenize(text, name), name)
    head = reader.peek()
    if head.kind == "symbol" and head.text in ("#AGG", "#BAGG"):
        raise UnsupportedGameError(
            f"{where_file(name)}this is an action-graph game ({head.text}); the package reads "
            f"only .nfg and .efg files. Convert it with pygambit first."
        )
    if head.kind == "symbol" and head.text == "NFG":
        return _read_nfg(reader)
    if head.kind == "symbol" and head.text == "EFG":
        return _read_efg(reader)
    raise reader.fail(head, "'NFG' or 'EFG' (the first word of a Gambit game file)")


def _source_text(source: Any) -> tuple[str, str | None]:
    """The text to parse and the file name for messages (None for text given directly)."""
    if hasattr(source, "read"):
        data = source.read()
        return _decode(data), getattr(source, "name", None)
    if isinstance(source, bytes):
        return _decode(source), None
    if isinstance(source, os.PathLike):
        path = Path(source)
        return _decode(path.read_bytes()), str(path)
    if not isinstance(source, str):
        raise InvalidArgumentError(
            f"read_gambit takes a path, an open file or the file's text; got "
            f"{type(source).__name__}."
        )
    head = source.lstrip("\ufeff \t\r\n")
    if head[:3] in ("NFG", "EFG") or head[:1] in ("#", "<") or "\n" in source or "{" in source:
        return source, None
    path = Path(source)
    try:
        exists = path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        exists = False
    if exists:
        return _decode(path.read_bytes()), str(path)
    raise GambitFormatError(
        f"read_gambit got {source!r}, which is neither an existing file nor the text of a "
        f"Gambit game (that starts with 'NFG' or 'EFG'); check the path."
    )


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # files saved by old Windows versions of Gambit's editor
        return data.decode("latin-1")


# --------------------------------------------------------------------------- .nfg
def _read_nfg(r: Reader) -> NormalFormGame:
    _, players = r.header("1")
    n = len(players)
    if n == 0:
        raise r.fail(r.tokens[r.pos - 1], "at least one player's name before '}'")
    r.expect("{", "'{' before the strategies")
    named: list[list[str]] | None = None
    counts: list[int] = []
    if r.peek().kind == "{":
        named = []
        while r.peek().kind == "{":
            if len(named) == n:
                raise r.fail(r.peek(), f"'}}': the game has {n} players, so {n} strategy lists")
            named.append(r.labels(f"the strategies of player {len(named) + 1}"))
            if not named[-1]:
                raise r.fail(r.tokens[r.pos - 1], "at least one strategy name before '}'")
        counts = [len(s) for s in named]
    elif r.peek().kind == "number":
        while r.peek().kind == "number":
            if len(counts) == n:
                raise r.fail(r.peek(), f"'}}': the game has {n} players, so {n} strategy counts")
            counts.append(r.integer("a number of strategies (a positive integer)", low=1)[0])
    else:
        raise r.fail(r.peek(), "the strategies: '{' with names, or one count per player")
    if len(counts) < n:
        raise r.fail(r.peek(), f"the strategies of player {len(counts) + 1} ({n} players)")
    r.expect("}", "'}' after the strategies")
    if r.peek().kind == "text":
        r.take()  # the optional comment
    if n == 1:
        raise UnsupportedGameError(
            f"{where_file(r.name)}this game has one player; a NormalFormGame needs at least two "
            f"(give the file a second player with one strategy)."
        )
    profiles = math.prod(counts)
    if r.peek().kind == "{":
        flat = _nfg_outcomes(r, players, profiles)
    elif r.peek().kind in ("number", "end"):
        flat = _nfg_payoffs(r, n, profiles)
    else:
        raise r.fail(r.peek(), "the payoffs (numbers) or the list of outcomes ('{')")
    shape = tuple(counts)
    table = np.empty((profiles, n), dtype=object)
    table[:] = np.array(flat, dtype=object).reshape(profiles, n)
    # Gambit lists profiles with the first player's strategy changing fastest: Fortran order.
    payoffs = np.stack([table[:, i].reshape(shape, order="F") for i in range(n)])
    names = (
        [_unique(s) for s in named]
        if named is not None
        else [[str(k + 1) for k in range(m)] for m in counts]
    )
    try:
        return NormalFormGame(
            _exact_array(payoffs),
            players=_unique(players),
            strategies=names,
        )
    except InvalidGameError as exc:  # pragma: no cover - the checks above should prevent it
        raise GambitFormatError(f"{where_file(r.name)}{exc}") from None


def _nfg_payoffs(r: Reader, n: int, profiles: int) -> list[Fraction]:
    expected = n * profiles
    values: list[Fraction] = []
    while r.peek().kind == "number":
        if len(values) == expected:
            raise r.fail(r.peek(), f"the end of the file after {expected} payoffs ({n} players x "
                         f"{profiles} strategy profiles)")
        values.append(r.take().value)  # type: ignore[arg-type]
    if len(values) < expected:
        token = r.peek()
        found = describe(token) + (f" after {len(values)}" if token.kind == "end" else "")
        raise GambitFormatError(
            f"{where_file(r.name)}line {token.line}, column {token.column}: expected "
            f"{expected} payoffs ({n} players x {profiles} strategy profiles); found {found}. "
            f"Payoffs come profile by profile, the first player's strategy changing fastest."
        )
    if r.peek().kind != "end":
        raise r.fail(r.peek(), "a payoff (a number) or the end of the file")
    return values


def _nfg_outcomes(r: Reader, players: list[str], profiles: int) -> list[Fraction]:
    n = len(players)
    r.take()  # '{'
    outcomes: list[tuple[Fraction, ...]] = []
    while r.peek().kind == "{":
        r.take()
        r.expect("text", f"the name of outcome {len(outcomes) + 1} in double quotes")
        outcomes.append(_payoff_list(r, players, opened=True))
    r.expect("}", "'{' to start an outcome, or '}' to close the list of outcomes")
    if profiles > r.remaining():
        raise r.fail(r.tokens[-1], f"{profiles} outcome numbers, one per strategy profile",
                     f"The file has {r.remaining()} more tokens.")
    flat: list[Fraction] = []
    zero = (Fraction(0),) * n
    for _ in range(profiles):
        expected = f"an outcome number from 0 to {len(outcomes)} (one per strategy profile)"
        k, _ = r.integer(expected, high=len(outcomes))
        flat.extend(outcomes[k - 1] if k else zero)
    if r.peek().kind != "end":
        raise r.fail(r.peek(), f"the end of the file after {profiles} outcome numbers")
    return flat


def _payoff_list(r: Reader, players: Sequence[str], opened: bool) -> tuple[Fraction, ...]:
    """``{ p1, p2, ... }`` (commas optional): one payoff per player (``opened``: the '{' is
    already read)."""
    if not opened:
        r.expect("{", "'{' before the outcome's payoffs")
    values = []
    for i, player in enumerate(players):
        token = r.take()
        if token.kind != "number":
            raise r.fail(token, f"the payoff of player {i + 1} ({player!r}), a number",
                         f"An outcome lists one payoff per player ({len(players)}).")
        values.append(token.value)
        if r.peek().kind == ",":
            r.take()
    r.expect("}", f"'}}' after the {len(players)} payoffs of an outcome (one per player)")
    return tuple(values)  # type: ignore[arg-type]


def _exact_array(values: np.ndarray) -> np.ndarray:
    """Integers as int64 (the games' fast exact path), anything else as Fractions."""
    if all(v.denominator == 1 and abs(v) < 2**62 for v in values.flat):
        return np.array([int(v) for v in values.flat], dtype=np.int64).reshape(values.shape)
    return values


def _unique(labels: Iterable[str], reserved: str | None = None) -> list[str]:
    """Non-empty, distinct names, renamed as pygambit 16.7 renames them: an empty label
    becomes ``_1``, ``_2``, ...; a repeated (or reserved) label ``x`` becomes ``x_1``,
    ``x_2``, ...; a number already taken is skipped."""
    labels = list(labels)
    counts = Counter(labels)
    keep = {x for x in labels if x and counts[x] == 1 and x != reserved}
    taken = set(keep)
    used: Counter[str] = Counter()
    out = []
    for label in labels:
        if label in keep:
            out.append(label)
            continue
        used[label] += 1
        while f"{label}_{used[label]}" in taken:
            used[label] += 1
        name = f"{label}_{used[label]}"
        taken.add(name)
        out.append(name)
    return out


# --------------------------------------------------------------------------- .efg
@dataclass
class _EfgNode:
    kind: str  # "p", "c" or "t"
    label: str
    line: int
    infoset: tuple[int, int] | None = None  # (player, number); player 0 is chance
    outcome: int | None = None
    children: list[int] = field(default_factory=list)


@dataclass
class _Infoset:
    actions: list[str]
    probs: list[Fraction]
    lines: list[int] = field(default_factory=list)


def _read_efg(r: Reader) -> SequentialGame:
    _, players = r.header("2")
    n = len(players)
    if r.peek().kind == "text":
        r.take()  # the optional comment
    nodes: list[_EfgNode] = []
    infosets: dict[tuple[int, int], _Infoset] = {}
    outcomes: dict[int, tuple[Fraction, ...]] = {}
    pending: list[list[int]] = []  # [node index, children still to read], innermost last
    while True:
        token = r.take()
        if token.kind != "symbol" or token.text not in ("p", "c", "t"):
            hint = ""
            if pending:
                k, left = pending[-1]
                hint = (
                    f"The {_KIND[nodes[k].kind]} on line {nodes[k].line} has {left} more "
                    f"child node{'s' if left > 1 else ''} to come (nodes are listed depth first)."
                )
            raise r.fail(token, "a node: 'p' (a player's move), 'c' (chance) or 't' (terminal)",
                         hint)
        node = _efg_node(r, token, players, infosets, outcomes)
        index = len(nodes)
        nodes.append(node)
        if pending:
            nodes[pending[-1][0]].children.append(index)
            pending[-1][1] -= 1
            if pending[-1][1] == 0:
                pending.pop()
        if node.kind != "t":
            pending.append([index, len(infosets[node.infoset].actions)])  # type: ignore[index]
        if not pending:
            break
    if r.peek().kind != "end":
        raise r.fail(r.peek(), "the end of the file (the tree is complete)")
    shared = [(key, s) for key, s in infosets.items() if key[0] > 0 and len(s.lines) > 1]
    if shared:
        (player, number), infoset = shared[0]
        raise UnsupportedGameError(
            f"{where_file(r.name)}information set {number} of player {player} "
            f"({players[player - 1]!r}) holds {len(infoset.lines)} nodes (lines "
            f"{', '.join(map(str, infoset.lines))}), and {len(shared)} information set"
            f"{'s' if len(shared) > 1 else ''} in all hold more than one: this is a game of "
            f"imperfect information, which a SequentialGame (perfect information) cannot hold. "
            f"Games with information sets are not supported yet."
        )
    return _build_tree(r, nodes, infosets, outcomes, players, n)


_KIND = {"p": "personal node", "c": "chance node", "t": "terminal node"}


def _efg_node(
    r: Reader,
    token: Token,
    players: list[str],
    infosets: dict[tuple[int, int], _Infoset],
    outcomes: dict[int, tuple[Fraction, ...]],
) -> _EfgNode:
    kind = token.text
    label = r.expect("text", f"the {_KIND[kind]}'s name in double quotes (\"\" for none)").text
    node = _EfgNode(kind, label, token.line)
    if kind != "t":
        if kind == "p":
            if not players:
                raise r.fail(r.peek(), "a game with players: the players' list is empty")
            player, _ = r.integer(f"the number of the player who moves (1 to {len(players)})",
                                  low=1, high=len(players))
        else:
            player = 0
        number, _ = r.integer("the information set's number (a non-negative integer)")
        key = (player, number)
        who = f"player {player}" if player else "chance"
        if r.peek().kind == "text":
            r.take()  # the information set's label
            actions, probs, brace = _actions(r, chance=kind == "c")
            if key in infosets:
                if len(actions) != len(infosets[key].actions):
                    raise r.fail(brace, f"{len(infosets[key].actions)} actions, as information "
                                 f"set {number} of {who} has where it was first given")
            else:
                infosets[key] = _Infoset(actions, probs)
        elif key not in infosets:
            raise r.fail(r.peek(), f"the information set's name and actions (information set "
                         f"{number} of {who} appears here for the first time)")
        infosets[key].lines.append(token.line)
        node.infoset = key
    number, id_token = r.integer("the outcome's number (0 for none)")
    if r.peek().kind == "text":
        r.take()  # the outcome's label
        outcomes[number] = _payoff_list(r, players, opened=False)
        node.outcome = number
    elif number:
        if number not in outcomes:
            raise r.fail(id_token, "an outcome given earlier in the file", f"Outcome {number} "
                         f"has no payoffs yet: write them here, as \"name\" {{ 1, 2 }}.")
        node.outcome = number
    return node


def _actions(r: Reader, chance: bool) -> tuple[list[str], list[Fraction], Token]:
    """``{ "a" "b" }``, or for chance ``{ "a" 1/2 "b" 1/2 }``, checked."""
    brace = r.expect("{", "'{' before the actions")
    actions: list[str] = []
    probs: list[Fraction] = []
    while r.peek().kind == "text":
        actions.append(r.take().text)
        if chance:
            token = r.take()
            if token.kind != "number" or not 0 <= token.value <= 1:  # type: ignore[operator]
                raise r.fail(token, f"the probability of chance action {actions[-1]!r}, a "
                             f"number from 0 to 1")
            probs.append(token.value)  # type: ignore[arg-type]
    if not actions:
        raise r.fail(r.peek(), "an action name in double quotes (a move needs at least one)")
    closing = r.peek()
    r.expect("}", "an action name in double quotes or '}' to close the actions")
    if chance and sum(probs) != 1:
        raise GambitFormatError(
            f"{where_file(r.name)}line {brace.line}, column {brace.column}: the chance "
            f"probabilities {', '.join(map(str, probs))} sum to {sum(probs)}, not 1; rescale "
            f"them (fractions such as 1/3 are exact)."
        )
    return actions, probs, closing


def _build_tree(
    r: Reader,
    nodes: list[_EfgNode],
    infosets: dict[tuple[int, int], _Infoset],
    outcomes: dict[int, tuple[Fraction, ...]],
    players: list[str],
    n: int,
) -> SequentialGame:
    """Sum the outcomes along each path, name the moves and nodes, and build the game."""
    zero = (Fraction(0),) * n
    totals: list[tuple[Fraction, ...]] = [zero] * len(nodes)
    histories: list[tuple[str, ...]] = [()] * len(nodes)
    moves: list[list[str]] = [[] for _ in nodes]
    for k, node in enumerate(nodes):  # parents come before their children (depth first)
        own = outcomes[node.outcome] if node.outcome is not None else zero
        totals[k] = tuple(a + b for a, b in zip(totals[k], own))
        if node.infoset is not None:
            moves[k] = _unique(infosets[node.infoset].actions)
        for move, child in zip(moves[k], node.children):
            totals[child] = totals[k]
            histories[child] = (*histories[k], move)
    defaults = ["/".join(h) if h else "root" for h in histories]
    taken = set(defaults)
    count: dict[str, int] = {}
    for node in nodes:
        count[node.label] = count.get(node.label, 0) + 1
    names = _unique(players, reserved=CHANCE)
    built: list[Any] = [None] * len(nodes)
    for k in range(len(nodes) - 1, -1, -1):  # children before parents
        node = nodes[k]
        label = node.label
        # a node's own label names it when no other node has it, as label or as default name
        unique = label and count[label] == 1 and (label not in taken or label == defaults[k])
        name = label if unique else None
        if node.kind == "t":
            built[k] = Leaf(totals[k], name=name)
        elif node.kind == "c":
            probs = infosets[node.infoset].probs  # type: ignore[index]
            built[k] = Chance(
                [(m, (p, built[c])) for m, p, c in zip(moves[k], probs, node.children)],
                name=name,
            )
        else:
            built[k] = Decision(
                names[node.infoset[0] - 1],  # type: ignore[index]
                [(m, built[c]) for m, c in zip(moves[k], node.children)], name=name
            )
    try:
        return SequentialGame(built[0], players=names)
    except InvalidGameError as exc:
        raise GambitFormatError(
            f"{where_file(r.name)}the tree is well formed but not a valid game: {exc}"
        ) from None


# --------------------------------------------------------------------------- writing
def to_nfg(
    game: NormalFormGame, path: str | os.PathLike[str] | None = None, *, title: str = "",
    comment: str = "",
) -> str:
    """The Gambit ``.nfg`` text of a numeric normal-form game (payoff version).

    Parameters
    ----------
    game
        A numeric :class:`NormalFormGame` (substitute values in a symbolic one first).
    path
        If given, the text is also written to this file (UTF-8).
    title, comment
        The game's title and comment, as Gambit shows them.

    Returns
    -------
    str
        The file's text: players and strategies by name, then each strategy profile's
        payoffs on its own line, the first player's strategy changing fastest.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  players=("Row", "Column"))
    >>> print(to_nfg(g, title="PD"))
    NFG 1 R "PD" { "Row" "Column" }
    <BLANKLINE>
    { { "s1" "s2" }
    { "s1" "s2" }
    }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(
            f"to_nfg writes a NormalFormGame; got {type(game).__name__} (write a "
            f"SequentialGame with to_efg, or game.to_gambit())."
        )
    require_numeric(game, "writing a Gambit .nfg file")
    try:
        values: np.ndarray = game.exact_payoffs
    except InvalidGameError:  # irrational payoffs: written by their floats' shortest decimals
        values = game.payoffs
    n = game.n_players
    lines = [f"NFG 1 R {_quote(title)} {_quote_list(game.players)}", ""]
    lines.append("{ " + "\n".join(_quote_list(s) for s in game.strategies))
    lines += ["}", _quote(comment), ""]
    # profiles in Fortran order: the first player's strategy changes fastest
    for profile in np.ndindex(*reversed(game.shape)):
        cell = tuple(reversed(profile))
        lines.append(" ".join(_number(values[(i, *cell)]) for i in range(n)))
    return _finish("\n".join(lines) + "\n", path)


def to_efg(
    game: SequentialGame, path: str | os.PathLike[str] | None = None, *, title: str = "",
    comment: str = "",
) -> str:
    """The Gambit ``.efg`` text of a numeric sequential game.

    Every decision node is its own information set (perfect information); each leaf gets
    its own outcome, named after the leaf. Node names are written when they were given
    (the default names, the history of moves, are rebuilt on reading).

    Parameters
    ----------
    game
        A numeric :class:`SequentialGame` (substitute values in a symbolic one first).
    path
        If given, the text is also written to this file (UTF-8).
    title, comment
        The game's title and comment, as Gambit shows them.

    Returns
    -------
    str
        The file's text, nodes depth first.

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = SequentialGame(("chance", {"h": (Fraction(1, 3), ("A", {"l": (1, 0), "r": (0, 1)})),
    ...                                "t": (Fraction(2, 3), (2, 2))}), players=("A", "B"))
    >>> print(to_efg(g))
    EFG 2 R "" { "A" "B" }
    ""
    <BLANKLINE>
    c "" 1 "" { "h" 1/3 "t" 2/3 } 0
    p "" 1 1 "" { "l" "r" } 0
    t "" 1 "h/l" { 1, 0 }
    t "" 2 "h/r" { 0, 1 }
    t "" 3 "t" { 2, 2 }
    <BLANKLINE>
    """
    if not isinstance(game, SequentialGame):
        raise InvalidArgumentError(
            f"to_efg writes a SequentialGame; got {type(game).__name__} (write a "
            f"NormalFormGame with to_nfg, or game.to_gambit())."
        )
    require_numeric(game, "writing a Gambit .efg file")
    lines = [f"EFG 2 R {_quote(title)} {_quote_list(game.players)}", _quote(comment), ""]
    infoset = [0] * (game.n_players + 1)  # numbered per player; index 0 is chance
    outcome = 0
    for node in game.tree.nodes:  # depth first, root first
        default = "/".join(node.history) if node.history else "root"
        label = _quote(node.label if node.label != default else "")
        if node.kind == "leaf":
            outcome += 1
            pays = ", ".join(_number(_value(e)) for e in node.payoffs)
            lines.append(f"t {label} {outcome} {_quote(node.label)} {{ {pays} }}")
        elif node.kind == "chance":
            infoset[0] += 1
            probs = _probabilities(node.probs)
            acts = " ".join(f"{_quote(m)} {_number(p)}" for m, p in zip(node.moves, probs))
            lines.append(f"c {label} {infoset[0]} \"\" {{ {acts} }} 0")
        else:
            infoset[node.player + 1] += 1
            acts = " ".join(_quote(m) for m in node.moves)
            lines.append(
                f"p {label} {node.player + 1} {infoset[node.player + 1]} \"\" {{ {acts} }} 0"
            )
    return _finish("\n".join(lines) + "\n", path)


def _probabilities(probs: Sequence[Any]) -> list[Fraction | float]:
    """Chance probabilities to write: exact when rational; irrational ones by their floats'
    decimals, the last one as 1 minus the others so that the file's sum is exactly 1."""
    values = [_value(p) for p in probs]
    if all(isinstance(v, Fraction) for v in values):
        return values
    decimals = [Fraction(repr(float(v))) for v in values[:-1]]
    return [*decimals, 1 - sum(decimals)]


def _value(expr: Any) -> Fraction | float:
    if getattr(expr, "is_Rational", False):
        return Fraction(int(expr.p), int(expr.q))
    return float(expr)


def _number(x: Any) -> str:
    """A number as Gambit reads it exactly: ``3``, ``0.25``, ``1/3``; floats by repr."""
    if isinstance(x, (float, np.floating)):
        return repr(float(x))
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    den, twos, fives = x.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    places = max(twos, fives)
    if den != 1 or places > _MAX_DECIMALS:
        return f"{x.numerator}/{x.denominator}"
    digits = str(abs(x.numerator) * 10**places // x.denominator).rjust(places + 1, "0")
    sign = "-" if x < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _quote(label: str) -> str:
    return '"' + str(label).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quote_list(labels: Iterable[str]) -> str:
    return "{ " + " ".join(_quote(x) for x in labels) + " }"


def _finish(text: str, path: str | os.PathLike[str] | None) -> str:
    if path is not None and (not isinstance(path, (str, os.PathLike)) or path == ""):
        raise InvalidArgumentTypeError(
            f"path is a file path (a string or a pathlib.Path) to write to, or None; got "
            f"{type(path).__name__} {repr(path)[:60]}."
        )
    if path is not None:
        Path(path).write_text(text, encoding="utf-8", newline="\n")
    return text
