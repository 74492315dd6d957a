"""Retrieval: Swedish BM25, dense vectors in Chroma, and reciprocal-rank fusion."""
