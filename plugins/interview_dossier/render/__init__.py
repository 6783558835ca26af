"""Pages, pictures, calendars and assets, made from the analysis; no MkDocs import."""
