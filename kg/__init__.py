"""kg: knowledge graphs from Chinese news archives, with character-level provenance."""

__version__ = "0.1.0"
