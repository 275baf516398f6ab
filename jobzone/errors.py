"""The JobzoneError family, in one place for the application. Each layer raises its own member (a lower
layer cannot import this module); the CLI and the web turn any of them into one readable line."""

from notifications.errors import DeliveryError, SubscriptionError
from scoring.errors import JobzoneError, RoleFileError
from sources.errors import ParseError, SourceError
from warehouse.errors import WarehouseBusy, WarehouseError

__all__ = [
    "JobzoneError",
    "RoleFileError",
    "SourceError",
    "ParseError",
    "WarehouseError",
    "WarehouseBusy",
    "SubscriptionError",
    "DeliveryError",
]
