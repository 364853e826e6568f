"""Command line: `shuanggao validate [DATA_DIR]` (and the other tools of the package)."""
from __future__ import annotations

import argparse
import sys
import warnings


def _validate(args) -> int:
    from .dataset import load
    from .problems import DataValidationError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = load(args.data)
        except DataValidationError as err:
            print(err, file=sys.stderr)
            return 1
        except FileNotFoundError as err:
            print(err, file=sys.stderr)
            return 1
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    counts = ", ".join(f"{name} {len(df)}" for name, df in ds.tables.items())
    print(f"{ds.dir}: valid ({counts})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shuanggao", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data package and list every problem")
    v.add_argument("data", nargs="?", default=None, help="data directory (default: ./data or $SHUANGGAO_DATA)")
    v.set_defaults(func=_validate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
