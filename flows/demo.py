"""`make demo`: scores every role in roles/ and prints the table (later stages extend it)."""
from __future__ import annotations

from flows.cli import main as cli_main


def main() -> None:
    import sys

    sys.argv = ["jobzone", "score", "roles"]
    cli_main()


if __name__ == "__main__":
    main()
