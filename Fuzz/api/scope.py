"""Compares two `tally export` CSV files and fails on a write outside a user's scope.

    python3 scope.py BEFORE AFTER --orgunits orgunits.csv --root CODE   # a clerk: only CODE's subtree may change
    python3 scope.py BEFORE AFTER                                       # an analyst: nothing may change

A value is keyed by element, period, org unit and combos; a change is a value added, removed or with any other
column changed (value, who, when, comment, follow-up). Prints one line and, on failure, the first changes.
"""

import argparse
import csv
import sys

KEY = ("dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo")


def values(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {tuple(row[k] for k in KEY): row for row in csv.DictReader(f)}


def subtree(orgunits_path, root):
    children = {}
    with open(orgunits_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            children.setdefault(row["parent"], []).append(row["code"])
    units, todo = set(), [root]
    while todo:
        code = todo.pop()
        units.add(code)
        todo.extend(children.get(code, []))
    return units


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--orgunits", help="the org-unit file (code,name,parent)")
    parser.add_argument("--root", help="the unit whose subtree may change; none: nothing may change")
    parser.add_argument("--label", default="scope")
    args = parser.parse_args()
    before, after = values(args.before), values(args.after)
    allowed = subtree(args.orgunits, args.root) if args.root else set()
    changed = [k for k in before.keys() | after.keys() if before.get(k) != after.get(k)]
    outside = sorted(k for k in changed if k[2] not in allowed)
    if outside:
        print(f"{args.label}: {len(outside)} of {len(changed)} changed values lie outside the user's scope, e.g.:")
        for k in outside[:10]:
            print(f"  {'/'.join(k)}: {before.get(k, {}).get('value')!r} -> {after.get(k, {}).get('value')!r}")
        return 1
    print(f"{args.label}: {len(changed)} changed values, none outside the user's scope")
    return 0


if __name__ == "__main__":
    sys.exit(main())
