"""Building and versioning the index (chunks, BM25, Chroma vectors)."""
