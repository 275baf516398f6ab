"""A release proposal from a capability event: a release file naming the new frontier model, selecting the tasks of
the capability families it moved (exposed work whose score the labels put at 3: helped, not yet done, by AI), one
automation point up, with the measured jumps as its rationale. Analysts review it: `jobzone release validate FILE`,
then `jobzone release apply FILE`; nothing is applied by writing it."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from catalogue.draft import slug
from catalogue.files import write_atomically
from scoring.capability import FAMILY_IWAS, FAMILY_TITLES, get_benchmark
from scoring.frontier_events import ReleaseEvent

HUB = "https://epoch.ai/benchmarks"


def proposal_name(event: ReleaseEvent) -> str:
    return f"{event.released.isoformat()}-{slug(event.title) or 'model'}.toml"


def proposal_text(event: ReleaseEvent) -> str:
    jumps = "; ".join(j.words() for j in event.jumps)
    effects = []
    for family in event.families:
        moved = "; ".join(j.words() for j in event.jumps if get_benchmark(j.benchmark).family == family)
        effects.append(
            {
                "select": {"iwa": sorted(FAMILY_IWAS[family]), "exposure": ["E1", "E2"], "automation": ["T2"]},
                "change": 1,
                "rationale": f"{FAMILY_TITLES[family]}: the frontier moved beyond its error: {moved}",
            }
        )
    document = {
        "name": event.title,
        "date": event.released,
        "source": HUB,
        "summary": (
            f"Proposed by jobzone on {event.as_of} from Epoch AI's Benchmarking Hub (CC BY 4.0): {event.title} "
            f"({event.organisation}) moved the frontier: {jumps}. Review the selectors before applying."
        ),
        "effects": effects,
    }
    header = (
        "# A release PROPOSED by jobzone from a capability event (not applied). Review it, then\n"
        "# `jobzone release validate FILE` and `jobzone release apply FILE`.\n"
    )
    return header + tomli_w.dumps(document)


def write_proposal(folder: Path, event: ReleaseEvent) -> Path | None:
    """Write the proposal into the releases folder, never over an existing file (an analyst's release of the same
    model wins); the path written, or None when one was there."""
    path = Path(folder) / proposal_name(event)
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, proposal_text(event))
    return path
