"""notes: track readings and exercises in weekly Markdown study notes."""

__version__ = "0.1.0"
