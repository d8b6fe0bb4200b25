#!/usr/bin/env python3
"""Compute the TallyQuality reference values with SciPy/NumPy, independently of the Swift code.

Writes ../ReferenceValues.swift (a Swift file, so the tests need no Python and no resources at run time).
Run from anywhere:  python3 Tests/TallyQualityTests/reference/make_reference.py

- Garwood intervals: low = chi2.ppf(alpha/2, 2k)/2 (0 for k = 0), high = chi2.ppf(1 - alpha/2, 2k + 2)/2.
- Chi-square quantiles: scipy.stats.chi2.ppf(p, df).
- Regularized gamma: scipy.special.gammainc(a, x) = P(a, x) and gammaincc(a, x) = Q(a, x), each checked against
  mpmath at 50 digits; where SciPy is off by more than 1e-12 relative (it is for P(1e6, 990000), about 2e-10 in
  SciPy 1.17.1) the mpmath value is used and the row says so.
- Outlier scores: mean and sample SD (ddof=1) with NumPy; median with numpy.median; MAD = median(|x_i - median|)
  computed by hand here; z = (x - mean)/sd (None when n < 2 or sd = 0); modified z = 0.6745*|x - median|/MAD
  (0 when MAD = 0); MeanAD = mean(|x_i - median|); the robust score = the modified z when MAD > 0, else
  |x - median|/(sqrt(pi/2)*MeanAD) (None when MeanAD = 0).
- Poisson tails: P(X >= k) = scipy.stats.poisson.sf(k - 1, mu) and P(X <= k) = poisson.cdf(k, mu), each checked
  against mpmath at 50 digits (the sum of the pmf from mpmath's exact terms); mpmath's value is used where SciPy
  is off by more than 1e-12 relative.
- Capture-recapture (Chapman): N = (n1+1)(n2+1)/(m+1) - 1 and Var = (n1+1)(n2+1)(n1-m)(n2-m)/((m+1)^2 (m+2)) in
  exact rational arithmetic (fractions.Fraction); z = scipy.stats.norm.ppf((1 + level)/2); the Wald interval
  N +- z sqrt(Var); Chao's log-normal interval M + f/C, M + f*C with M = n1 + n2 - m, f = N - M and
  C = exp(z sqrt(log(1 + Var/f^2))), Var/f^2 taken from the two exact rationals (not the simplified form the
  Swift code uses).
- Linear trends: numpy.polyfit(x, y, 1) over the present points (x = their places 0, 1, ...), evaluated at
  x = the number of places.
"""

import os
import platform
from fractions import Fraction

import mpmath
import numpy as np
import scipy
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "ReferenceValues.swift")

GARWOOD_95 = [0, 1, 2, 3, 5, 10, 20, 50, 100, 184, 212, 243, 281, 1000, 12345, 1000000]
GARWOOD_90 = [0, 1, 5, 20, 100, 1000, 1000000]

CHI_SQUARE = [
    (0.5, 1), (0.025, 1), (0.975, 1), (0.9, 1), (0.95, 2), (0.05, 10), (0.99, 100), (1e-10, 3),
    (0.999999, 50), (0.5, 0.5), (0.001, 0.2), (0.1, 7.3), (0.01, 2000000), (0.975, 2000002),
    (0.3, 24690), (0.99999, 4),
]

GAMMA_P = [
    (0.5, 1e-8), (0.5, 0.5), (1, 1), (2.5, 0.1), (3, 10), (10, 5), (10, 30), (100, 10), (100, 90),
    (100, 120), (500.5, 520), (1000, 950), (10000, 10000), (100000, 99000), (100000, 101000),
    (1000000, 1000000), (1000000, 998000), (1000000, 1002000), (1000001, 1001000), (1000000, 990000),
    (0.1, 100), (12345.5, 12000.25),
]

GAMMA_Q = [(1, 1), (10, 60), (3, 0.5), (100, 150), (1000000, 1005000), (1000000, 1000000), (50, 10)]

SERIES = [
    ("odd length with an outlier", [12, 15, 11, 14, 13, 90, 12], [13, 90, 30]),
    ("even length", [100, 104, 98, 101, 97, 103], [100, 110, 80.5]),
    ("MAD zero, odd length", [5, 5, 5, 5, 7], [5, 7, 100]),
    ("MAD and SD zero, even length", [8, 8, 8, 8], [8, 9]),
    ("even length, fractional", [3.5, 1.25, 10.75, 2.0, 4.5, 6.0, 2.25, 3.0], [3.25, 12.5, -1.0]),
    ("single value", [42], [42, 40]),
    # anc_visits of issue 17: 35 other months, 22 zeros, 5 ones, 8 twos; MAD = 0, MeanAD = 0.6.
    ("mostly zeros (anc_visits)", [0] * 22 + [1] * 5 + [2] * 8, [40, 2, 3]),
    # child_checks of issue 17: a constant series (SD = 0, MeanAD = 0).
    ("constant (child_checks)", [5] * 35, [60, 5]),
    ("MAD zero, negative side", [10, 10, 10, 10, 10, 4, 16], [1, 10]),
]

# (k, mu): Poisson tails on the side of the mean k lies on.
POISSON_TAILS = [
    (40, 0.6), (60, 5.0), (0, 20.0), (3, 0.6), (6, 0.6), (10, 10.0), (9, 10.0), (1000, 900.0), (5, 12.5),
    (0, 0.25), (250, 200.0), (150, 200.0), (1, 1e-3),
]

# (n1, n2, m, level): two lists and their overlap.
CAPTURE = [
    (60, 50, 30, 0.95), (243, 212, 184, 0.95), (1200, 1100, 1000, 0.95), (5, 8, 1, 0.95), (10, 10, 10, 0.95),
    (10, 25, 10, 0.95), (1, 1, 1, 0.95), (100000, 90000, 85000, 0.95), (40, 30, 12, 0.90), (40, 30, 12, 0.99),
    (7, 3, 2, 0.95),
]

# Series oldest first (None: missing, keeps its place).
TRENDS = [
    [100, 110, 120], [20, 21, 19], [100, None, 120], [5, 3], [1.5, 2.25, 2.0, 3.75, 4.5], [None, 80, 60],
    [0, 0, 10], [980, 1001, 1030, 1052],
]


def lit(value):
    """A Swift literal that round-trips the double exactly (repr is the shortest round-trip form)."""
    if value is None:
        return "nil"
    value = float(value)
    assert np.isfinite(value), value
    return repr(value)


def garwood(k, confidence):
    alpha = 1 - confidence
    low = 0.0 if k == 0 else stats.chi2.ppf(alpha / 2, 2 * k) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return low, high


def gamma_rows(points, upper):
    """(a, x, value, note) with SciPy's value, or mpmath's where SciPy is off by more than 1e-12 relative."""
    mpmath.mp.dps = 50
    rows = []
    for a, x in points:
        scipy_value = float(special.gammaincc(a, x) if upper else special.gammainc(a, x))
        lower, upper_limit = (x, mpmath.inf) if upper else (0, x)
        exact = mpmath.gammainc(mpmath.mpf(a), lower, upper_limit, regularized=True)
        error = float(abs((scipy_value - exact) / exact)) if exact != 0 else abs(scipy_value)
        if error > 1e-12:
            note = f"SciPy gives {scipy_value!r} (relative error {error:.1e}); value from mpmath at 50 digits"
            rows.append((a, x, float(exact), note))
        else:
            rows.append((a, x, scipy_value, None))
    return rows


def outlier(reference, x):
    ref = np.array(reference, dtype=float)
    mean = float(np.mean(ref))
    sd = float(np.std(ref, ddof=1)) if len(ref) >= 2 else None
    median = float(np.median(ref))
    mad = float(np.median(np.abs(ref - median)))
    z = None if sd is None or sd == 0 else (x - mean) / sd
    modz = 0.0 if mad == 0 else 0.6745 * abs(x - median) / mad
    mean_ad = float(np.mean(np.abs(ref - median)))
    if mad > 0:
        robust = modz
    elif mean_ad > 0:
        robust = abs(x - median) / (np.sqrt(np.pi / 2) * mean_ad)
    else:
        robust = None
    return mean, sd, median, mad, z, modz, mean_ad, robust


def poisson_tail(k, mu):
    """(side, probability): SciPy's, or mpmath's where SciPy is off by more than 1e-12 relative."""
    mpmath.mp.dps = 50
    mu_mp = mpmath.mpf(mu)
    if k >= mu:
        side = "above"
        scipy_value = float(stats.poisson.sf(k - 1, mu)) if k > 0 else 1.0
        exact = 1 - mpmath.fsum(mpmath.exp(-mu_mp) * mu_mp**i / mpmath.factorial(i) for i in range(k))
        if exact < mpmath.mpf(10) ** -30:  # the complement loses digits: sum the upper tail instead
            exact = mpmath.nsum(lambda i: mpmath.exp(-mu_mp) * mu_mp**i / mpmath.factorial(i), [k, mpmath.inf])
    else:
        side = "below"
        scipy_value = float(stats.poisson.cdf(k, mu))
        exact = mpmath.fsum(mpmath.exp(-mu_mp) * mu_mp**i / mpmath.factorial(i) for i in range(k + 1))
    error = float(abs((scipy_value - exact) / exact))
    if error > 1e-12:
        return side, float(exact), f"SciPy gives {scipy_value!r} (relative error {error:.1e}); value from mpmath"
    return side, scipy_value, None


def capture(n1, n2, m, level):
    total = Fraction((n1 + 1) * (n2 + 1), m + 1) - 1
    variance = Fraction((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m), (m + 1) ** 2 * (m + 2))
    z = float(stats.norm.ppf((1 + level) / 2))
    se = float(variance) ** 0.5
    observed = n1 + n2 - m
    missed = total - observed
    if missed == 0:
        chao = (float(total), float(total))
    else:
        c = float(np.exp(z * np.sqrt(np.log1p(float(variance / missed**2)))))
        chao = (observed + float(missed) / c, observed + float(missed) * c)
    return {
        "total": float(total), "variance": float(variance), "z": z,
        "normalLow": float(total) - z * se, "normalHigh": float(total) + z * se,
        "chaoLow": chao[0], "chaoHigh": chao[1], "missed": float(missed),
        "firstCompleteness": float(Fraction(n1) / total), "secondCompleteness": float(Fraction(n2) / total),
    }


def trend(values):
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    slope, intercept = np.polyfit([p[0] for p in points], [p[1] for p in points], 1)
    return float(slope), float(intercept), float(slope * len(values) + intercept)


def main():
    versions = (
        f"SciPy {scipy.__version__}, NumPy {np.__version__}, mpmath {mpmath.__version__},"
        f" Python {platform.python_version()}"
    )
    out = []
    w = out.append
    w(f"// Generated by reference/make_reference.py with {versions}.")
    w("// Do not edit; rerun the script.")
    w("// Garwood limits: scipy.stats.chi2.ppf; gamma: scipy.special.gammainc/gammaincc checked against mpmath;")
    w("// outlier statistics:")
    w("// NumPy mean, std(ddof=1) and median, MAD computed by hand in Python.")
    w("// Poisson tails: scipy.stats.poisson checked against mpmath; capture-recapture: exact fractions and")
    w("// scipy.stats.norm.ppf; trends: numpy.polyfit.")
    w("")
    w(f'/// Reference values computed with {versions}.')
    w("enum Reference {")
    w("    /// A Garwood interval: count, confidence, lower and upper limits.")
    w("    struct Interval: Sendable { let count: Int; let confidence: Double; let low: Double; let high: Double }")
    w("    /// A chi-square quantile: p, degrees of freedom, quantile.")
    w("    struct Quantile: Sendable { let p: Double; let df: Double; let value: Double }")
    w("    /// A regularized gamma value: a, x, P(a, x) or Q(a, x).")
    w("    struct Gamma: Sendable { let a: Double; let x: Double; let value: Double }")
    w("    /// One value scored against a reference series, with the statistics behind the scores.")
    w("    struct Outlier: Sendable {")
    w("        let name: String; let reference: [Double]; let x: Double")
    w("        let mean: Double; let sd: Double?; let median: Double; let mad: Double")
    w("        let z: Double?; let modifiedZ: Double; let meanAD: Double; let robustZ: Double?")
    w("    }")
    w("    /// A Poisson tail: count, mean, side (above: P(X >= k); below: P(X <= k)), probability.")
    w("    struct Tail: Sendable { let count: Int; let mean: Double; let above: Bool; let probability: Double }")
    w("    /// A capture-recapture estimate: the lists, the level and what follows.")
    w("    struct Capture: Sendable {")
    w("        let first: Int; let second: Int; let matched: Int; let confidence: Double")
    w("        let total: Double; let variance: Double; let z: Double")
    w("        let normalLow: Double; let normalHigh: Double; let chaoLow: Double; let chaoHigh: Double")
    w("        let missed: Double; let firstCompleteness: Double; let secondCompleteness: Double")
    w("    }")
    w("    /// A least-squares line through a series (nil: missing) and its value one place after the last.")
    w("    struct Trend: Sendable {")
    w("        let values: [Double?]; let slope: Double; let intercept: Double; let forecast: Double")
    w("    }")
    w("")
    w("    static let garwood: [Interval] = [")
    for confidence, counts in ((0.95, GARWOOD_95), (0.90, GARWOOD_90)):
        for k in counts:
            low, high = garwood(k, confidence)
            w(f"        Interval(count: {k}, confidence: {lit(confidence)}, low: {lit(low)}, high: {lit(high)}),")
    w("    ]")
    w("")
    w("    static let chiSquareQuantiles: [Quantile] = [")
    for p, df in CHI_SQUARE:
        w(f"        Quantile(p: {lit(p)}, df: {lit(df)}, value: {lit(stats.chi2.ppf(p, df))}),")
    w("    ]")
    w("")
    w("    static let gammaP: [Gamma] = [")
    for a, x, value, note in gamma_rows(GAMMA_P, upper=False):
        if note:
            w(f"        // {note}")
        w(f"        Gamma(a: {lit(a)}, x: {lit(x)}, value: {lit(value)}),")
    w("    ]")
    w("")
    w("    static let gammaQ: [Gamma] = [")
    for a, x, value, note in gamma_rows(GAMMA_Q, upper=True):
        if note:
            w(f"        // {note}")
        w(f"        Gamma(a: {lit(a)}, x: {lit(x)}, value: {lit(value)}),")
    w("    ]")
    w("")
    w("    static let outliers: [Outlier] = [")
    for name, reference, xs in SERIES:
        for x in xs:
            mean, sd, median, mad, z, modz, mean_ad, robust = outlier(reference, float(x))
            ref = ", ".join(lit(v) for v in reference)
            w("        Outlier(")
            if len(ref) <= 60:
                w(f'            name: "{name}", reference: [{ref}], x: {lit(x)},')
            else:
                w(f'            name: "{name}",')
                w("            reference: [")
                for start in range(0, len(reference), 12):
                    w("                " + ", ".join(lit(v) for v in reference[start:start + 12]) + ",")
                w(f"            ], x: {lit(x)},")
            w(f"            mean: {lit(mean)}, sd: {lit(sd)}, median: {lit(median)}, mad: {lit(mad)},")
            w(f"            z: {lit(z)}, modifiedZ: {lit(modz)}, meanAD: {lit(mean_ad)}, robustZ: {lit(robust)}")
            w("        ),")
    w("    ]")
    w("")
    w("    static let poissonTails: [Tail] = [")
    for k, mu in POISSON_TAILS:
        side, probability, note = poisson_tail(k, mu)
        if note:
            w(f"        // {note}")
        above = "true" if side == "above" else "false"
        w(f"        Tail(count: {k}, mean: {lit(mu)}, above: {above}, probability: {lit(probability)}),")
    w("    ]")
    w("")
    w("    static let captureRecapture: [Capture] = [")
    for n1, n2, m, level in CAPTURE:
        r = capture(n1, n2, m, level)
        w("        Capture(")
        w(f"            first: {n1}, second: {n2}, matched: {m}, confidence: {lit(level)},")
        w(f"            total: {lit(r['total'])}, variance: {lit(r['variance'])}, z: {lit(r['z'])},")
        w(f"            normalLow: {lit(r['normalLow'])}, normalHigh: {lit(r['normalHigh'])},")
        w(f"            chaoLow: {lit(r['chaoLow'])}, chaoHigh: {lit(r['chaoHigh'])},")
        w(f"            missed: {lit(r['missed'])}, firstCompleteness: {lit(r['firstCompleteness'])},")
        w(f"            secondCompleteness: {lit(r['secondCompleteness'])}")
        w("        ),")
    w("    ]")
    w("")
    w("    static let trends: [Trend] = [")
    for values in TRENDS:
        slope, intercept, forecast = trend(values)
        shown = ", ".join(lit(v) for v in values)
        w(f"        Trend(")
        w(f"            values: [{shown}],")
        w(f"            slope: {lit(slope)}, intercept: {lit(intercept)}, forecast: {lit(forecast)}")
        w(f"        ),")
    w("    ]")
    w("}")
    with open(OUTPUT, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {os.path.normpath(OUTPUT)} ({versions})")


if __name__ == "__main__":
    main()
