"""Schemathesis checks of our own, loaded by scripts/fuzz-api through SCHEMATHESIS_HOOKS.

security_headers: every response, error or not, carries the headers ErrorMiddleware sets.
"""

import schemathesis

# Header (lowercase) → the value ErrorMiddleware sends, or a text the value must contain.
REQUIRED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": "frame-ancestors 'none'",
    "cache-control": "no-store",
}


@schemathesis.check
def security_headers(ctx, response, case):
    """Every response carries the server's security headers (CSP, nosniff, no framing, no-store)."""
    problems = []
    for name, expected in REQUIRED.items():
        values = response.headers.get(name)
        if not values:
            problems.append(f"{name} is missing")
        elif expected not in values[0]:
            problems.append(f"{name} is {values[0]!r}, expected {expected!r}")
    if problems:
        raise AssertionError(f"{response.status_code} without the security headers: " + "; ".join(problems))
