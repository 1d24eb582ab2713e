"""The command line: parses arguments and calls one operation per command."""

from generator.cli.main import main

__all__ = ["main"]
