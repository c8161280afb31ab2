"""Which factors decide? A seeded sweep over the plausible factor space.

Run: python examples/sensitivity_sweep.py [samples]
"""

import sys

import numpy as np

import triangle as tri
from triangle import sensitivity as sens

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
game = tri.models.simultaneous()

samples = tri.sample_factors(n, seed=2025)  # every factor, uniform over its range
payoffs = tri.sweep(game, samples)  # (n, 3, 3, 3, 3), compiled once
mask = tri.pure_equilibria_batch(payoffs)  # (n, 3, 3, 3)

russia = game.strategies[1]
for j, name in enumerate(russia):
    share = mask[:, :, j, :].any(axis=(1, 2)).mean()
    print(f"Russia plays {name!r} in some pure equilibrium in {share:6.1%} of samples")
print(f"no pure equilibrium in {(~mask.any(axis=(1, 2, 3))).mean():.1%} of samples")

# The exact sanctions relief at which Russia would pivot against conditional engagement.
print(sens.thresholds(game, "sanctions_relief", "Russia", {"US": "condition", "China": "hold"}))
assert np.isfinite(payoffs).all()
