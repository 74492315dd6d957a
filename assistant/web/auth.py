"""Users of the web app: a JSON file of names and scrypt password hashes.

The file looks like ``{"users": {"anna": "scrypt$16384$8$1$<salt>$<hash>"}}``;
passwords are never stored. Create users with ``finsam users add NAMN``.

Example:
    >>> store = UserStore(Path("users.json"))  # doctest: +SKIP
    >>> store.add("anna", "ett långt lösenord")  # doctest: +SKIP
    >>> store.verify("anna", "ett långt lösenord")  # doctest: +SKIP
    True
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
from pathlib import Path

from assistant.errors import ConfigurationError

_N, _R, _P = 2**14, 8, 1
_NAME = re.compile(r"^[A-Za-z0-9._@åäöÅÄÖ-]{1,64}$")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    """An scrypt hash of ``password`` with a fresh salt, as one string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by :func:`hash_password`."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(digest)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


class UserStore:
    """The users file; read on every check so added users apply without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise ConfigurationError(
                f"Användarfilen {self.path} går inte att läsa ({err}). Ta bort den och skapa "
                "användarna på nytt med `finsam users add NAMN`."
            ) from None
        return {str(k): str(v) for k, v in users.items()}

    def names(self) -> list[str]:
        """The user names, sorted."""
        return sorted(self._read())

    def add(self, name: str, password: str) -> None:
        """Add or replace a user.

        Raises:
            ConfigurationError: The name or password is not acceptable.
        """
        if not _NAME.match(name):
            raise ConfigurationError(
                f"Användarnamnet '{name}' går inte att använda: använd 1–64 bokstäver, siffror "
                "eller . _ @ -."
            )
        if len(password) < MIN_PASSWORD:
            raise ConfigurationError(f"Lösenordet är för kort: minst {MIN_PASSWORD} tecken krävs.")
        users = self._read()
        users[name] = hash_password(password)
        self._write(users)

    def remove(self, name: str) -> bool:
        """Remove a user; False when there was none by that name."""
        users = self._read()
        if users.pop(name, None) is None:
            return False
        self._write(users)
        return True

    def verify(self, name: str, password: str) -> bool:
        """Whether the name and password match a user (the Gradio ``auth`` callable)."""
        stored = self._read().get(name)
        return stored is not None and check_password(password, stored)

    def _write(self, users: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps({"users": users}, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this computer."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_required_message(host: str, auth_file: Path) -> str:
    """The Swedish refusal shown when a non-local address has no users configured."""
    return (
        f"Webbappen startas inte på adressen {host}: andra datorer skulle kunna nå den utan "
        "inloggning.\n"
        "Gör så här för att kräva inloggning:\n"
        "  1. Skapa en användare:  finsam users add NAMN   (du får ange ett lösenord)\n"
        f"     Användarna sparas med hashade lösenord i {auth_file}\n"
        "     (en annan fil väljs med inställningen FINSAM_AUTH_FILE).\n"
        f"  2. Starta igen:  finsam serve --host {host}\n"
        "Vill du bara använda appen på den här datorn: starta utan --host "
        "(den lyssnar då på 127.0.0.1)."
    )
