"""Verdict identity: record every claim's verdicts, and compare two records (speed work must
not change a verdict). Run it from the checkout to measure (before and after a change).

    python scripts/verdict_identity.py record OUT.pkl [--forms a,b] [--n 20000]
    python scripts/verdict_identity.py compare A.pkl B.pkl

Records, per form: every claim's verdict over n uniform samples (seed 12345), with the
two belief priors sampled and at baseline (bayesian form), and every claim's check at
every scenario (holds and repr). Imports triangle from the current directory's checkout.
"""
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.getcwd())
import triangle as tri
from triangle.models.beliefs import BELIEF_FACTORS
from triangle.verdicts.forms import form_applies

ALL = ("simultaneous", "us_first", "china_first", "bayesian", "repeated")


def record(path, forms, n):
    rng = np.random.default_rng(12345)
    samples = {f.id: rng.uniform(f.low, f.high, n) for f in tri.factors.values()}
    for fid, f in BELIEF_FACTORS.items():
        samples[fid] = rng.uniform(f.low, f.high, n)
    plain = {k: v for k, v in samples.items() if k not in BELIEF_FACTORS}
    out = {}
    for form in forms:
        out[(form, "samples")] = {
            k: np.asarray(v) for k, v in tri.evaluate_claims(samples, form=form).items()}
        if form == "bayesian":
            out[(form, "nopriors")] = {
                k: np.asarray(v) for k, v in tri.evaluate_claims(plain, form=form).items()}
        sc = {}
        for name in tri.scenarios:
            for c in tri.claims.values():
                if form_applies(form, c):
                    r = c.check(name, form=form)
                    sc[(name, c.id)] = (r.holds, repr(r))
        out[(form, "scenarios")] = sc
        print(form, len(out[(form, "samples")]), "claims,", len(sc), "scenario checks",
              flush=True)
    with open(path, "wb") as fh:
        pickle.dump(out, fh)


def compare(pa, pb):
    records = []
    for path in (pa, pb):
        with open(path, "rb") as fh:
            records.append(pickle.load(fh))
    a, b = records
    assert a.keys() == b.keys(), (a.keys(), b.keys())
    for key in a:
        if key[1] == "scenarios":
            diff = [k for k in a[key] if a[key][k] != b[key].get(k)]
            assert a[key].keys() == b[key].keys() and not diff, (key, diff[:5])
        else:
            assert a[key].keys() == b[key].keys(), key
            for c in a[key]:
                assert np.array_equal(a[key][c], b[key][c]), (key, c)
    print("IDENTICAL:", ", ".join(f"{k[0]}/{k[1]}" for k in a))


if __name__ == "__main__":
    if sys.argv[1] == "record":
        forms = ALL
        n = 20000
        args = sys.argv[3:]
        if "--forms" in args:
            forms = tuple(args[args.index("--forms") + 1].split(","))
        if "--n" in args:
            n = int(args[args.index("--n") + 1])
        record(sys.argv[2], forms, n)
    else:
        compare(sys.argv[2], sys.argv[3])
