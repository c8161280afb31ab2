"""triangle: game theory of the US-Russia-China strategic triangle.

Games whose payoffs are functions of the factors five 2025 articles cite, solvers whose
every answer is verified, and sensitivity functions that say which factors decide.

>>> import triangle as tri
>>> g = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> tri.pure_equilibria(g)
Equilibria([Equilibrium(Player 1: s2; Player 2: s2; payoffs 1, 1)])
"""

from . import dittmer
from ._version import __version__
from .bibliography import cite
from .equilibrium import Equilibria, Equilibrium
from .errors import (
    InvalidGameError,
    InvalidProfileError,
    SolverError,
    SymbolicGameError,
    TriangleError,
    UnknownNameError,
)
from .game import NormalFormGame
from .sensitivity import sample_factors, sweep
from .sequential import SequentialGame
from .solvers.dominance import dominated_strategies, iterated_elimination
from .solvers.equilibria import equilibria
from .solvers.pure import pure_equilibria, pure_equilibria_batch
from .verify import is_equilibrium, regret

__all__ = [
    "Equilibria",
    "Equilibrium",
    "InvalidGameError",
    "InvalidProfileError",
    "NormalFormGame",
    "SequentialGame",
    "SolverError",
    "SymbolicGameError",
    "TriangleError",
    "UnknownNameError",
    "__version__",
    "cite",
    "dittmer",
    "dominated_strategies",
    "equilibria",
    "is_equilibrium",
    "iterated_elimination",
    "pure_equilibria",
    "pure_equilibria_batch",
    "regret",
    "sample_factors",
    "sweep",
]
