"""The application: CLI, settings, the error family and the demo."""

import os

# Prefect's local (ephemeral) mode starts a server on first use; its default 20 s start-up timeout fails on a
# loaded 2-core machine (a newcomer's first `make demo` did). Set before Prefect is imported; the operator's
# own value wins.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
