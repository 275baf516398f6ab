"""The notifications' error family."""

from scoring.errors import JobzoneError


class SubscriptionError(JobzoneError):
    """A subscribe / confirm / unsubscribe request that cannot be honoured (bad address, role or token)."""


class DeliveryError(JobzoneError):
    """Mail could not be handed to the transport (configuration, connection)."""
