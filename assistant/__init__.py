"""FINSAM-assistenten: retrieval, statistics and answers about lag (2003:1210).

The package is a core library; ``assistant.cli`` and ``assistant.web`` are thin
shells over it. Heavy dependencies (torch, chromadb, gradio) are imported
lazily by the modules that need them.
"""

__version__ = "0.1.0"
