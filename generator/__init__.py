"""charters: publish community constitutions and commissioning charters from YAML in git."""

__version__ = "0.1.0"
