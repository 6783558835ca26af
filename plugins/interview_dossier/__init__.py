"""Dossier: interview-prep dossiers as an offline MkDocs site."""

__version__ = "0.1.0"
