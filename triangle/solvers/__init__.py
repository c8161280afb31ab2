"""Equilibrium solvers, one module each; the package re-exports their public functions."""
