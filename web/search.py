"""Search by the names people use: titles, aliases, O*NET's alternate, short and reported titles (tens of
thousands) and a small reviewed synonyms file for titles newer than O*NET (web/data/synonyms.csv), from an
in-memory index built once per set of stored roles; no file is scanned per request. Words are compared in one
form: lower case, US spelling (centre, labourer, paediatric), singular (nurses, secretaries). Ranked (TIERS): the
exact title; an exact reviewed synonym; a title the query spells out but for its last word's ending ("customer
service rep": Customer Service Representatives, above another occupation that lists "Customer Service Rep" among
its names); an exact alias or other name; then titles and names holding every word (the last word may be a prefix,
as people type); ties go to the role more often known by those words. A word no name holds is split in two when
the names hold its halves side by side ("frontend": front end), else read as the nearest word the names do hold
(one letter added, dropped or changed: "sofware"), the most common one first. web/static/search.js ranks the same
way in the static site."""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

TITLES_FILE = "titles.csv"
# UK spellings people type, as the US-spelled names of O*NET hold them (reviewed; a word here is never stemmed).
SPELLINGS = {
    "anaesthetist": "anesthetist",
    "catalogue": "catalog",
    "centre": "center",
    "colour": "color",
    "defence": "defense",
    "gynaecologist": "gynecologist",
    "haematologist": "hematologist",
    "jeweller": "jeweler",
    "jewellery": "jewelry",
    "labour": "labor",
    "labourer": "laborer",
    "licence": "license",
    "manoeuvre": "maneuver",
    "metre": "meter",
    "orthopaedic": "orthopedic",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "programme": "program",
    "theatre": "theater",
    "tyre": "tire",
}
KEEP_S = ("ss", "us", "is", "ics")  # glass, bus, analysis, physics: not plurals


def normal(token: str) -> str:
    """One form for a word: singular, US spelling, -isation as -ization."""
    token = _singular(token)
    token = SPELLINGS.get(token, token)
    if token.endswith("isation"):
        token = token[: -len("isation")] + "ization"
    return token


def _singular(token: str) -> str:
    if len(token) <= 3 or token.endswith(KEEP_S) or token in SPELLINGS:
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    return token[:-1] if token.endswith("s") else token


def words(text: str) -> list[str]:
    return [normal(token) for token in re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'").replace("'s", ""))]


def one_deletion(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# Hit.tier, best first.
TIERS = (
    "exact title",
    "exact reviewed synonym",
    "title spelled out by the query",
    "exact other name",
    "title holds every word",
    "another name holds every word",
)


@dataclass(frozen=True)
class Hit:
    role_id: str
    name: str  # the name that matched
    tier: int  # TIERS[tier]
    strength: int  # how many of the role's names hold every query word


def completes(title_words: list[str], query_words: list[str]) -> bool:
    """The title is the query with its last word written out: the same words, the last one a prefix ("rep")."""
    if len(title_words) != len(query_words) or not query_words:
        return False
    *head, last = query_words
    return title_words[:-1] == head and title_words[-1].startswith(last)


class SearchIndex:
    def __init__(self, titles: dict[str, str], names: list[tuple[str, str]]):
        self.titles = titles  # role id -> title
        self.title_words = {role_id: words(title) for role_id, title in titles.items()}
        self.reviewed = {(role_id, " ".join(words(name))) for role_id, name in synonyms()}
        self.names = [(role_id, name) for role_id, name in names if role_id in titles]
        self.names += [(role_id, title) for role_id, title in titles.items()]
        self.exact: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        self.pairs: set[tuple[str, str]] = set()  # words side by side in a name: the halves of a compound
        for position, (_, name) in enumerate(self.names):
            tokens = words(name)
            self.exact[" ".join(tokens)].add(position)
            for token in tokens:
                self.by_word[token].add(position)
            self.pairs.update(zip(tokens, tokens[1:]))
        self.vocabulary = sorted(self.by_word)
        self.near: dict[str, set[str]] = defaultdict(set)  # a word with one letter dropped -> the words it came from
        for token in self.vocabulary:
            if len(token) >= MIN_CORRECTED:
                for shorter in one_deletion(token):
                    self.near[shorter].add(token)

    def known(self, word: str) -> bool:
        """A name holds the word, or a word it starts (the vocabulary is sorted: one bisection, not a scan)."""
        return word in self.by_word or next(self.starting_with(word), None) is not None

    def starting_with(self, word: str) -> Iterator[str]:
        """The vocabulary's words that start with `word`, in order."""
        for token in self.vocabulary[bisect_left(self.vocabulary, word) :]:
            if not token.startswith(word):
                return
            yield token

    def split(self, word: str) -> list[str] | None:
        """A compound the names write in two words ("frontend", "backend", "callcentre"): its halves, each in the
        search's word form, when some name holds them side by side; the split whose halves names hold most."""
        found = [
            (left, right)
            for i in range(MIN_HALF, len(word) - MIN_HALF + 1)
            for left, right in [(normal(word[:i]), normal(word[i:]))]
            if (left, right) in self.pairs
        ]
        if not found:
            return None
        left, right = max(found, key=lambda pair: (min(len(self.by_word[pair[0]]), len(self.by_word[pair[1]])), pair))
        return [left, right]

    def read(self, query: str) -> list[str]:
        """The query's words as the index reads them: capped, each known word kept, an unknown one split or
        corrected."""
        out: list[str] = []
        for word in words(query[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]:
            halves = None if len(word) < MIN_CORRECTED or self.known(word) else self.split(word)
            out += halves or [self.corrected(word)]
        return out

    def corrected(self, word: str) -> str:
        """The word, or (when no name holds it nor starts with it) the nearest word names hold, the most common
        first: within one letter added, dropped or changed (symmetric deletion: both sides lose one letter)."""
        if len(word) < MIN_CORRECTED or self.known(word):
            return word
        candidates = set(self.near.get(word, ()))  # a letter too few
        for shorter in one_deletion(word):
            if shorter in self.by_word:  # a letter too many
                candidates.add(shorter)
            candidates |= self.near.get(shorter, set())  # a letter changed
        if not candidates:
            return word
        return min(candidates, key=lambda token: (-len(self.by_word[token]), token))

    def _matching(self, query_words: list[str]) -> set[int]:
        found: set[int] | None = None
        for index, word in enumerate(query_words):
            last = index == len(query_words) - 1
            hits = set(self.by_word.get(word, ()))
            if last:
                for token in self.starting_with(word):
                    hits |= self.by_word[token]
            found = hits if found is None else found & hits
        return found or set()

    def search(self, query: str, limit: int = 25) -> list[Hit]:
        """The roles a query names, best first. A query is read up to MAX_QUERY_CHARS and MAX_QUERY_WORDS: each
        word may be corrected against the whole vocabulary, and a 72 KB query once took 9 s of CPU."""
        query_words = self.read(query)
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
            hit = Hit(role_id, name, self._tier(role_id, name, phrase, query_words), strength[role_id])
            if role_id not in best or (hit.tier, -hit.strength) < (best[role_id].tier, -best[role_id].strength):
                best[role_id] = hit
        ranked = sorted(best.values(), key=lambda h: (h.tier, -h.strength, self.titles[h.role_id]))
        return ranked[:limit]

    def _tier(self, role_id: str, name: str, phrase: str, query_words: list[str]) -> int:
        is_title = name == self.titles[role_id]
        if " ".join(words(name)) == phrase:
            return 0 if is_title else 1 if (role_id, phrase) in self.reviewed else 3
        if is_title:
            return 2 if completes(self.title_words[role_id], query_words) else 4
        return 5


MAX_QUERY_CHARS, MAX_QUERY_WORDS = 200, 16  # the catalogue's longest name: 105 characters, 14 words
MIN_CORRECTED = 4  # shorter words are too often another real word one letter away (rn, gp, it)
MIN_HALF = 3  # each half of a split compound ("end" of "frontend")


def load_names(roles_dir: Path) -> list[tuple[str, str]]:
    """(role id, name) from every titles.csv under the roles folder (written by `jobzone draft`), and the reviewed
    synonyms of titles newer than O*NET."""
    names = []
    for path in sorted(Path(roles_dir).rglob(TITLES_FILE)) if Path(roles_dir).is_dir() else []:
        with path.open(encoding="utf-8", newline="") as file:
            names += [(row["role_id"], row["name"]) for row in csv.DictReader(file)]
    return names + list(synonyms())


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, str], ...]:
    """(role id, name) of web/data/synonyms.csv: names people use that O*NET's titles do not (yet) hold."""
    text = resources.files("web").joinpath("data", "synonyms.csv").read_text(encoding="utf-8")
    return tuple((row["role_id"], row["name"]) for row in csv.DictReader(text.splitlines()))
