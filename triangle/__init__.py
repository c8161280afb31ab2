"""triangle: game theory of the US-Russia-China strategic triangle.

Games whose payoffs are functions of the factors five 2025 articles cite, solvers whose
every answer is verified, and sensitivity functions that say which factors decide.

>>> import triangle as tri
>>> g = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> tri.pure_equilibria(g)
Equilibria([Equilibrium(Player 1: s2; Player 2: s2; payoffs 1, 1)])
"""

from . import dittmer, models
from ._version import __version__
from .bibliography import cite
from .claim_registry import Claim, ClaimResult, claims, evaluate_claims
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
from .models import Scenario, explain, scenarios
from .registry import Factor, factors
from .repeated import RepeatedGame
from .sensitivity import sample_factors, sweep
from .sequential import SequentialGame
from .solvers.backward_induction import backward_induction
from .solvers.dominance import dominated_strategies, iterated_elimination
from .solvers.equilibria import equilibria
from .solvers.pure import pure_equilibria, pure_equilibria_batch
from .solvers.repeated_minmax import minmax_values
from .solvers.repeated_payoff_sets import feasible_payoffs, individually_rational_payoffs
from .solvers.support_enumeration import support_enumeration
from .solvers.vertex_enumeration import vertex_enumeration
from .terms import Term
from .verify import is_equilibrium, regret

__all__ = [
    "Claim",
    "ClaimResult",
    "Equilibria",
    "Equilibrium",
    "Factor",
    "InvalidGameError",
    "InvalidProfileError",
    "NormalFormGame",
    "RepeatedGame",
    "Scenario",
    "SequentialGame",
    "SolverError",
    "SymbolicGameError",
    "Term",
    "TriangleError",
    "UnknownNameError",
    "__version__",
    "backward_induction",
    "cite",
    "claims",
    "dittmer",
    "dominated_strategies",
    "equilibria",
    "evaluate_claims",
    "explain",
    "factors",
    "feasible_payoffs",
    "individually_rational_payoffs",
    "is_equilibrium",
    "iterated_elimination",
    "minmax_values",
    "models",
    "pure_equilibria",
    "pure_equilibria_batch",
    "regret",
    "sample_factors",
    "scenarios",
    "support_enumeration",
    "sweep",
    "vertex_enumeration",
]
