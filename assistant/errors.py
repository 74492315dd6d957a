"""Errors raised by the assistant.

The hierarchy::

    FinsamError                  anything the user can act on; ``message`` is Swedish
    ├── DocumentError            one document could not be read (names the file)
    │   ├── DocumentNotFound
    │   ├── UnsupportedFileType
    │   ├── FileTooLarge
    │   ├── EncryptedDocument
    │   ├── CorruptDocument
    │   ├── NoTextLayer
    │   └── EmptyDocument
    ├── IndexError_              the index is missing, stale or built with another model
    ├── EmbeddingModelError      the embedding model cannot be loaded
    └── ConfigurationError       a setting has a value that cannot work

Developer misuse (a wrong argument type, an impossible parameter) raises plain
``ValueError``/``TypeError`` naming the bad value, never these.
"""

from __future__ import annotations

from pathlib import Path


class FinsamError(Exception):
    """Base for errors a user can act on. ``str(err)`` is a Swedish message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DocumentError(FinsamError):
    """A single document could not be ingested; the rest of the batch goes on."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{Path(path).name}: {message}")
        self.path = Path(path)


class DocumentNotFound(DocumentError):
    pass


class UnsupportedFileType(DocumentError):
    pass


class FileTooLarge(DocumentError):
    pass


class EncryptedDocument(DocumentError):
    pass


class CorruptDocument(DocumentError):
    pass


class NoTextLayer(DocumentError):
    pass


class EmptyDocument(DocumentError):
    pass


class IndexError_(FinsamError):
    """The index is missing, incomplete or incompatible with the settings."""


class EmbeddingModelError(FinsamError):
    """The configured embedding model cannot be loaded."""


class ConfigurationError(FinsamError):
    """A setting has a value that cannot work."""


# --- Participant register and statistics (issue 3) ---------------------------
#
#   FinsamError
#   ├── RegisterError                 the participant register cannot be used
#   │   ├── RegisterReadError         the file is missing, unreadable or of another type
#   │   ├── RegisterValidationError   the file breaks the format; ``problems`` lists all
#   │   └── PersonalIdentityNumberFound  personnummer/samordningsnummer in the file
#   ├── StatsArgumentError            a statistics call names an unknown dimension/value
#   └── DisclosureAuditError          the disclosure audit could not be solved; nothing shown
#       └── DisclosureWithheld        no cells can be hidden to protect it; nothing shown


class RegisterError(FinsamError):
    """The participant register (deltagarregistret) cannot be used."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{Path(path).name}: {message}")
        self.path = Path(path)


class RegisterReadError(RegisterError):
    """The register file is missing, unreadable or not .xlsx/.csv."""


class RegisterValidationError(RegisterError):
    """The register file breaks the format; ``problems`` holds every problem found.

    Each problem is an ``assistant.register.validation.Problem`` (row as Excel
    shows it, column, value and what is allowed).
    """

    def __init__(self, path: Path | str, problems: list[object]) -> None:
        count = len(problems)
        # The message never repeats cell values: it reaches answers, tools (and so a
        # remote model) and the web app. The values are in ``problems``, shown only
        # by ``finsam data check`` to the person who fixes the file.
        super().__init__(
            path,
            f"filen avvisades, {count} fel hittades. Kör 'finsam data check {Path(path).name}' "
            "för att se varje fel (rad, kolumn och tillåtna värden), rätta filen och försök igen.",
        )
        self.problems = problems


class PersonalIdentityNumberFound(RegisterError):
    """The file holds personnummer or samordningsnummer; it is refused whole.

    The message names the columns (and sheets), never the numbers themselves.
    """

    def __init__(self, path: Path | str, columns: list[str]) -> None:
        names = ", ".join(columns)
        super().__init__(
            path,
            "filen avvisades eftersom den innehåller personnummer eller samordningsnummer "
            f"i {names}. Registret får bara innehålla pseudonyma deltagar-id. "
            "Ta bort personnumren (eller hela kolumnen) ur filen och försök igen.",
        )
        self.columns = columns


class StatsArgumentError(FinsamError):
    """A statistics call has an argument that is not allowed; the message says what is."""


class DisclosureAuditError(FinsamError):
    """The disclosure audit of a table could not be solved, so the table is not shown."""


class DisclosureWithheld(DisclosureAuditError):
    """A table would give a small count away whatever of it is hidden (with the tables
    already shown in the session), so it is not shown."""


class LLMUnavailableError(FinsamError):
    """The configured language model could not be reached or failed; the engine
    falls back to the offline backend with a warning."""
