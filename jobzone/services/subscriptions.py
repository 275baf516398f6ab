"""Subscriptions as the operator (and the demo) makes them: the notifications service under the writer lock,
with the role files' names. The web app calls the same notifications service with the warehouse's, in the same
words (scoring.model.follow_name)."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from jobzone.settings import Settings
from notifications import service
from notifications.delivery import DeliveryReport
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named
from scoring.model import follow_name
from scoring.roles import load_roles


def subscribe(
    settings: Settings,
    address: str,
    role_ids: Sequence[str],
    *,
    channel: str = "email",
    categories: Sequence[str] = (),
    country: str = DEFAULT_COUNTRY,
) -> dict:
    """Subscribe (pending) to roles (in a country's view) and categories and queue its confirmation; nothing else
    is sent before it is confirmed."""
    country = country_named(country).code
    roles = [item.role for item in load_roles(settings.roles)]
    titles = {role.id: follow_name(role.title, role.seniority) for role in roles}
    sizes = Counter(role.category for role in roles)
    with settings.warehouse.lock(purpose="subscribe"):
        return service.subscribe(
            settings,
            address,
            role_ids,
            titles,
            channel,
            categories=categories,
            known_categories=sizes,
            country=country,
        )


def confirm(settings: Settings, token: str) -> dict:
    with settings.warehouse.lock(purpose="confirm"):
        return service.confirm(settings, token)


def confirm_by_operator(settings: Settings, channel: str, address: str) -> dict:
    with settings.warehouse.lock(purpose="confirm"):
        return service.confirm_by_operator(settings, channel, address)


def unsubscribe(settings: Settings, token: str) -> dict:
    with settings.warehouse.lock(purpose="unsubscribe"):
        return service.unsubscribe(settings, token)


def send(settings: Settings) -> DeliveryReport:
    """Deliver what is due (the send step takes the writer lock only for each short write)."""
    return service.send_due(settings)
