"""How a service tells its caller something worth saying (a fallback taken, a choice made) without printing."""

from __future__ import annotations

from typing import Callable

Note = Callable[[str], None]


def quiet(_: str) -> None:
    """The default: a service called from a script says nothing."""
