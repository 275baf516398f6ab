"""Search by the names people use: titles, aliases, and O*NET's alternate, short and reported titles (tens of
thousands), from an in-memory index built once per set of stored roles; no file is scanned per request.
Ranked: the exact title, then an exact alias or alternate name, then titles and names holding every word
(the last word may be a prefix, as people type); ties go to the role more often known by those words."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TITLES_FILE = "titles.csv"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@dataclass(frozen=True)
class Hit:
    role_id: str
    name: str  # the name that matched
    tier: int  # 0 exact title, 1 exact other name, 2 title holds every word, 3 another name does
    strength: int  # how many of the role's names hold every query word


class SearchIndex:
    def __init__(self, titles: dict[str, str], names: list[tuple[str, str]]):
        self.titles = titles  # role id -> title
        self.names = [(role_id, name) for role_id, name in names if role_id in titles]
        self.names += [(role_id, title) for role_id, title in titles.items()]
        self.exact: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for position, (_, name) in enumerate(self.names):
            tokens = words(name)
            self.exact[" ".join(tokens)].add(position)
            for token in tokens:
                self.by_word[token].add(position)
        self.vocabulary = sorted(self.by_word)

    def _matching(self, query_words: list[str]) -> set[int]:
        found: set[int] | None = None
        for index, word in enumerate(query_words):
            last = index == len(query_words) - 1
            hits = set(self.by_word.get(word, ()))
            if last:
                for token in self.vocabulary:
                    if token.startswith(word):
                        hits |= self.by_word[token]
            found = hits if found is None else found & hits
        return found or set()

    def search(self, query: str, limit: int = 25) -> list[Hit]:
        query_words = words(query)
        if not query_words:
            return []
        phrase = " ".join(query_words)
        matching = self._matching(query_words)
        strength: dict[str, int] = defaultdict(int)
        for position in matching:
            strength[self.names[position][0]] += 1
        best: dict[str, Hit] = {}
        for position in matching | self.exact.get(phrase, set()):
            role_id, name = self.names[position]
            exact = " ".join(words(name)) == phrase
            is_title = name == self.titles[role_id]
            tier = (0 if is_title else 1) if exact else (2 if is_title else 3)
            hit = Hit(role_id, name, tier, strength[role_id])
            if role_id not in best or (hit.tier, -hit.strength) < (best[role_id].tier, -best[role_id].strength):
                best[role_id] = hit
        ranked = sorted(best.values(), key=lambda h: (h.tier, -h.strength, self.titles[h.role_id]))
        return ranked[:limit]


def load_names(roles_dir: Path) -> list[tuple[str, str]]:
    """(role id, name) from every titles.csv under the roles folder (written by `jobzone draft`)."""
    names = []
    for path in sorted(Path(roles_dir).rglob(TITLES_FILE)) if Path(roles_dir).is_dir() else []:
        with path.open(encoding="utf-8", newline="") as file:
            names += [(row["role_id"], row["name"]) for row in csv.DictReader(file)]
    return names
