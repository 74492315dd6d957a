"""The synthetic demo register: reproducible, marked synthetic, plausible."""

from __future__ import annotations

import hashlib

import pytest

from assistant.register import Register, load_register
from assistant.register.demo import DEFAULT_OUTPUT, SEED, build_people, workbook_bytes
from assistant.settings import get_settings


@pytest.fixture(scope="module")
def demo() -> Register:
    return load_register(DEFAULT_OUTPUT)


def test_generator_reproduces_the_committed_file_byte_for_byte() -> None:
    # The committed file was written by another process: equal bytes show determinism.
    generated = workbook_bytes(SEED)
    committed = DEFAULT_OUTPUT.read_bytes()
    assert hashlib.sha256(generated).hexdigest() == hashlib.sha256(committed).hexdigest(), (
        "corpus/deltagare/deltagare-demo.xlsx is stale: run python -m assistant.register.demo"
    )


def test_another_seed_gives_other_data_with_the_same_calibrated_totals() -> None:
    first, second = build_people(SEED), build_people(SEED + 1)
    assert [p.age for p in first] != [p.age for p in second]
    for people in (first, second):
        started_2024 = [p for p in people if p.start.year == 2024]
        assert len(started_2024) == 352
        assert sum(1 for p in started_2024 if p.kon == "Kvinna") == 197


def test_demo_is_the_default_participant_file_and_is_marked_synthetic(demo: Register) -> None:
    assert get_settings().participants.resolve() == DEFAULT_OUTPUT.resolve()
    assert demo.synthetic
    assert demo.rows == 1459


def test_readme_documents_the_format_and_says_synthetic() -> None:
    readme = (DEFAULT_OUTPUT.parent / "README.md").read_text(encoding="utf-8")
    assert "SYNTETISK" in readme.upper()
    for header in ("Deltagar-ID", "Tid utan arbete eller studier", "Försörjning vid start"):
        assert header in readme


def _one(demo: Register, sql: str) -> tuple[object, ...]:
    with demo.query() as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


def test_demo_is_plausible(demo: Register) -> None:
    assert _one(demo, "SELECT min(alder), max(alder) FROM deltagare") >= (16, 60)
    assert _one(demo, "SELECT max(alder) FROM deltagare")[0] <= 67  # type: ignore[operator]
    # Only FINSAM-team has a history before 2022 (the register itself starts 2024).
    assert _one(
        demo,
        "SELECT count(*) FROM deltagare WHERE startdatum < DATE '2022-01-01' "
        "AND insats <> 'FINSAM-team'",
    ) == (0,)
    assert _one(demo, "SELECT min(startdatum) >= DATE '2018-01-01', "
                "max(coalesce(slutdatum, startdatum)) <= DATE '2024-12-31' FROM deltagare") == (
        True, True,
    )  # fmt: skip
    # Försörjning vid start is registered by FINSAM-team only.
    assert _one(
        demo,
        "SELECT count(*) FROM deltagare "
        "WHERE forsorjning <> 'Ej registrerad' AND insats <> 'FINSAM-team'",
    ) == (0,)
    # Every stadsdelsområde is represented among the 2024 starters.
    assert _one(
        demo, "SELECT count(DISTINCT stadsdel) FROM deltagare WHERE year(startdatum) = 2024"
    ) == (14,)
    # Education is not uniform noise: post-secondary is rare among the youngest.
    young_post = _one(
        demo, "SELECT count(*) FROM deltagare WHERE alder < 20 AND utbildning = 'Eftergymnasial'"
    )
    assert young_post == (0,)
