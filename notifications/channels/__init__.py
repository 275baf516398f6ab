"""Notification channels: how a subscriber is reached. Each channel renders a run's moves (and a
confirmation) for one subscriber and delivers what it rendered; the outbox, the ratchet and the delivery
loop are shared. Adding a channel is one module and one line in CHANNELS."""

from __future__ import annotations

from notifications.channels.base import Channel
from notifications.channels.email import EMAIL
from notifications.channels.webhook import WEBHOOK
from notifications.errors import SubscriptionError

CHANNELS: dict[str, Channel] = {channel.name: channel for channel in (EMAIL, WEBHOOK)}


def get_channel(name: str) -> Channel:
    if name not in CHANNELS:
        raise SubscriptionError(f"unknown channel {name!r}; known: {', '.join(CHANNELS)}")
    return CHANNELS[name]
