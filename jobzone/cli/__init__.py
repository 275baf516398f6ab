"""The command line: one module of commands per topic, registered on one typer app."""
