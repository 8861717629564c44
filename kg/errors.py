"""Named errors: the CLI turns each into one clear line on stderr and a non-zero exit."""


class KgError(Exception):
    """Base of every error a user can cause and fix."""


class InputError(KgError):
    """An input path or file that cannot be used at all."""


class OutputError(KgError):
    """The output folder cannot be written (read-only, full, not a folder)."""


class GraphError(KgError):
    """A GRAPH argument that is not a readable Turtle/TriG/N-Quads file or build folder."""
