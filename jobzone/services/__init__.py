"""The application layer: the operations the CLI, the demo and scripts perform, as plain functions over typed
arguments (one module per family: runs, releases, catalogue and datasets, sources, reads). They print nothing:
what a person should be told comes back as data, or through a `note` callback the caller chooses."""
