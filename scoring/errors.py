"""The error family of the scoring package."""


class JobzoneError(Exception):
    """Base of every error the CLI turns into one readable line."""


class RoleFileError(JobzoneError):
    """One or more role files break the format; every problem is listed."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = self.problems[0] if count == 1 else f"{count} problems in role files"
        super().__init__(head)

    def __str__(self) -> str:
        return "\n".join(self.problems)
