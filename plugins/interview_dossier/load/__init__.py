"""Reading dossier folders into the model: YAML with positions, notes, settings, the cache."""
