"""The MkDocs adapter: a thin layer of events over the dossier core."""
