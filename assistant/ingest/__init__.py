"""Ingestion: load documents, clean extraction artefacts, chunk by structure, index."""
