"""The strategic-triangle model at the 2025 baseline (run: python examples/triangle_baseline.py).

Solves the simultaneous US-Russia-China game, traces one payoff to its sources,
classifies the outcome in Dittmer's terms and lists the articles' claims that fail.
"""

import triangle as tri

game = tri.models.simultaneous()  # symbolic in the cited and assumed factors
baseline = tri.scenarios["baseline"]
numeric = game.subs(baseline)

eqs = tri.equilibria(numeric)
for eq in eqs:
    print(eq, "->", tri.dittmer.configuration_of(eq).configuration)

# Why does Russia hedge when the US engages conditionally and China holds?
print(tri.explain(game, ("condition", "hedge", "hold"), "Russia", values=baseline))

failing = [c for c in tri.claims.values() if not c.holds()]
print(f"\n{len(failing)} of {len(tri.claims)} claims fail at the baseline:")
for claim in failing:
    print(f"  {claim.id} ({claim.source})")

print("\nCite what this used:\n" + tri.cite(game))
