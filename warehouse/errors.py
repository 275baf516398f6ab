"""The warehouse's error family."""

from scoring.errors import JobzoneError


class WarehouseError(JobzoneError):
    """The database cannot be opened or used as asked; the message names the file and why."""


class WarehouseBusy(WarehouseError):
    """Another process holds the writer lock (or keeps the file open for too long)."""
