"""The `dossier` command: its subcommands and the files `init` and `new` write."""

from .main import main

__all__ = ["main"]
