"""Derived facts, one module per topic; `analysis` gathers them for one dossier."""
