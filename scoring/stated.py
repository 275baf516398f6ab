"""Numbers a role file's own text states about its score: a commentary written for one score, left beside values
that now give another, reads as a contradiction on the page ("42.6 ... Evidence +5" beside 36.3 and +3). Pure: the
text and the file's score in, one line per stale statement out (a warning, never a refusal: the page shows the text
with the score it was written for)."""

from __future__ import annotations

import re

from scoring.aijri import Score
from scoring.model import Role

# A score the text gives the role itself: a decimal right after its label, "score(d)", "AIJRI" or "scores", never one
# followed by "points" (a distance) or in brackets after another role's name.
STATED_SCORE = re.compile(
    r"(?:(?:Red|Yellow|Green)(?: \(\w+\))?(?: label)?(?: at| of)?|score(?:d| of| is)?|AIJRI|scores)\s+"
    r"(\d{1,3}\.\d)\b(?!\s*points)",
    re.IGNORECASE,
)
EVIDENCE = re.compile(r"\bEvidence ([+-]\d+)\b")
TEXTS = ("commentary", "outlook", "timeline")


def stale_statements(role: Role, score: Score) -> list[str]:
    """Each statement of the role's own score or evidence total in its texts that its values no longer give."""
    context = role.context
    found = []
    texts = [("summary", role.summary)] + [(f"context.{name}", getattr(context, name)) for name in TEXTS]
    for field, text in texts:
        for match in STATED_SCORE.finditer(text or ""):
            if match.group(1) != score.aijri_display:
                found.append(
                    f"{field} says {match.group(1)} (“{match.group(0)}”), but the file's values score "
                    f"{score.aijri_display}"
                )
        for match in EVIDENCE.finditer(text or ""):
            if int(match.group(1)) != score.evidence_total:
                found.append(
                    f"{field} says Evidence {match.group(1)}, but the file's evidence sums to {score.evidence_total:+d}"
                )
    return found
