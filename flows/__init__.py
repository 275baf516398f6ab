"""Orchestration only: the run pipeline, ingest, the Prefect flows, schedules and serving."""
