"""The sources' error family: every message names the URL (or file) and what was expected."""

from scoring.errors import JobzoneError


class SourceError(JobzoneError):
    """A fetch failed: network, HTTP status, robots.txt, size or content-type contract."""

    def __init__(self, url: str, problem: str, retriable: bool = False):
        self.url = url
        self.problem = problem
        self.retriable = retriable
        super().__init__(f"{url}: {problem}")


class ParseError(SourceError):
    """A response did not hold what its adapter's contract expects."""
