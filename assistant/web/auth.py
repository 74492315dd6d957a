"""Users of the web app: a JSON file of names and scrypt password hashes.

The file looks like ``{"users": {"anna": "scrypt$16384$8$1$<salt>$<hash>"}}``;
passwords are never stored. Create users with ``finsam users add NAMN``.

* :class:`LoginGuard` is Gradio's ``auth`` callable: it checks the password and
  throttles wrong ones per user and per address (:class:`LoginThrottle`).
* :class:`SessionGuard` ends a session whose user was removed or whose password
  changed since login (checked on every request by
  :class:`assistant.web.security.SecurityMiddleware`).

Example:
    >>> store = UserStore(Path("users.json"))  # doctest: +SKIP
    >>> store.add("anna", "ett långt lösenord")  # doctest: +SKIP
    >>> store.verify("anna", "ett långt lösenord")  # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, MutableMapping
from pathlib import Path

from assistant.errors import ConfigurationError

logger = logging.getLogger(__name__)

_N, _R, _P = 2**14, 8, 1
_HASH = re.compile(r"^scrypt\$\d+\$\d+\$\d+\$[0-9a-f]+\$[0-9a-f]+$")
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
    """The users file; read when it changes, so added users apply without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._cache: tuple[tuple[int, int, int], dict[str, str]] | None = None
        self._lock = threading.Lock()

    def _unreadable(self, why: str) -> ConfigurationError:
        return ConfigurationError(
            f"Användarfilen {self.path} går inte att läsa ({why}). Ta bort den och skapa "
            "användarna på nytt med `finsam users add NAMN`."
        )

    def _read(self) -> dict[str, str]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        with self._lock:
            if self._cache is not None and self._cache[0] == stamp:
                return dict(self._cache[1])
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as err:
            raise self._unreadable(str(err)) from None
        if not isinstance(users, dict):
            raise self._unreadable("”users” ska vara en tabell av namn och lösenordshashar")
        for name, stored in users.items():
            if not isinstance(stored, str) or not _HASH.match(stored):
                raise self._unreadable(
                    f"användaren {name} har inget giltigt lösenordshash; lösenord sparas aldrig "
                    "i klartext"
                )
        result = {str(k): str(v) for k, v in users.items()}
        with self._lock:
            self._cache = (stamp, result)
        return dict(result)

    def check(self) -> None:
        """Read the whole file once.

        Raises:
            ConfigurationError: The file is not valid JSON of names and scrypt hashes.
        """
        self._read()

    def fingerprint(self, name: str) -> str | None:
        """A value that changes whenever ``name``'s password does; None without such a user."""
        stored = self._read().get(name)
        return None if stored is None else hashlib.sha256(stored.encode()).hexdigest()

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


#: The client address of the request being handled (set by the security middleware).
client_address: contextvars.ContextVar[str] = contextvars.ContextVar(
    "client_address", default="okänd"
)


class LoginThrottle:
    """Counts wrong passwords per user and per address and says when to refuse.

    After ``MAX_FAILURES`` failures within ``WINDOW_SECONDS`` for a user name or an
    address, logins for it are refused until the oldest of those failures leaves
    the window. A lockout, not a delay: the login route runs on the server's
    event loop, where sleeping would stall every user.
    """

    MAX_FAILURES = 5
    WINDOW_SECONDS = 300.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        horizon = self._clock() - self.WINDOW_SECONDS
        while times and times[0] < horizon:
            times.popleft()
        return times

    def locked(self, user: str, address: str) -> str | None:
        """What is locked (``användaren X`` or ``adressen Y``), or None."""
        with self._lock:
            for key, label in ((f"u:{user}", "användaren"), (f"a:{address}", "adressen")):
                if len(self._recent(key)) >= self.MAX_FAILURES:
                    return f"{label} {key[2:]}"
        return None

    def failed(self, user: str, address: str) -> None:
        """Count one wrong password."""
        now = self._clock()
        with self._lock:
            for key in (f"u:{user}", f"a:{address}"):
                self._recent(key).append(now)

    def succeeded(self, user: str) -> None:
        """Forget the user's failures (the address keeps its count)."""
        with self._lock:
            self._failures.pop(f"u:{user}", None)


class LoginGuard:
    """Gradio's ``auth`` callable: password check, throttling and session bookkeeping."""

    def __init__(self, store: UserStore, throttle: LoginThrottle | None = None) -> None:
        self.store = store
        self.throttle = throttle or LoginThrottle()
        #: Password fingerprint of each user at their latest login.
        self.logged_in: dict[str, str] = {}

    def __call__(self, name: str, password: str) -> bool:
        address = client_address.get()
        locked = self.throttle.locked(name, address)
        if locked is not None:
            logger.warning(
                "Inloggning för %s från %s nekad: %s är spärrad efter för många fel lösenord.",
                name,
                address,
                locked,
            )
            return False
        try:
            ok = self.store.verify(name, password)
            fingerprint = self.store.fingerprint(name) if ok else None
        except ConfigurationError as err:
            logger.error("Inloggning nekad: %s", err.message)
            return False
        if not ok or fingerprint is None:
            self.throttle.failed(name, address)
            logger.warning("Fel användarnamn eller lösenord för %s från %s.", name, address)
            return False
        self.throttle.succeeded(name)
        self.logged_in[name] = fingerprint
        return True


class SessionGuard:
    """Ends sessions (Gradio's tokens) whose user is gone or has a new password."""

    def __init__(self, guard: LoginGuard) -> None:
        self.guard = guard
        self._sessions: dict[str, str] = {}
        self._lock = threading.Lock()

    def check(self, token: str | None, tokens: MutableMapping[str, str]) -> None:
        """Drop ``token`` from ``tokens`` if its user was removed or changed password."""
        if not token:
            return
        name = tokens.get(token)
        if name is None:
            return
        try:
            current = self.guard.store.fingerprint(name)
        except ConfigurationError as err:
            logger.error("Sessionen avslutas: %s", err.message)
            current = None
        with self._lock:
            issued = self._sessions.setdefault(token, self.guard.logged_in.get(name) or "")
            if current is not None and issued in ("", current):
                self._sessions[token] = current
                return
            self._sessions.pop(token, None)
        tokens.pop(token, None)
        logger.warning(
            "Sessionen för %s avslutades: användaren är borttagen eller har nytt lösenord.", name
        )


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
