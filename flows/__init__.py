"""Orchestration: Prefect flows and the `jobzone` CLI. No business rules live here."""
