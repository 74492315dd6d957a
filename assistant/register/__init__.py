"""The participant register (deltagarregistret): format, validation and loading.

The register is an Excel (.xlsx) or CSV file with one row per participation;
the format and its code lists are described in ``corpus/deltagare/README.md``
and ``codelists.json``. A file is validated whole: any problem, or any
personnummer/samordningsnummer anywhere in it, rejects it.

Example:
    >>> from assistant.register import load_register
    >>> register = load_register()
    >>> register.rows > 0
    True
"""

from assistant.register.codelists import CodeLists, ColumnSpec, load_codelists
from assistant.register.dataset import (
    AGE_GROUPS,
    Provenance,
    Register,
    clear_register_cache,
    load_register,
    read_register,
)
from assistant.register.reader import SYNTHETIC_MARKER, read_file
from assistant.register.validation import Problem, validate_raw

__all__ = [
    "AGE_GROUPS",
    "SYNTHETIC_MARKER",
    "CodeLists",
    "ColumnSpec",
    "Problem",
    "Provenance",
    "Register",
    "clear_register_cache",
    "load_codelists",
    "load_register",
    "read_file",
    "read_register",
    "validate_raw",
]
