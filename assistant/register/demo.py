"""Generate the synthetic demo register ``corpus/deltagare/deltagare-demo.xlsx``.

The real register is personal data and not public. This seeded script builds a
SYNTHETIC register for 2018–2024 whose statistics reproduce the figures
published in the tjänsteutlåtande (``/work/shared/published-figures.md``); all
other properties (ages, education, which referrer sends people to which insats,
durations) are drawn from plausible, insats-dependent distributions.

How the published figures are met: participants are built in three groups
with exact quotas where a figure constrains them and weighted random draws
everywhere else:

* ``started_2024``: the 352 who started in 2024 (kön, anmälande part × insats,
  stadsdel, five years or more without work or studies, who ended in 2024);
* ``carry_over``: the 526 who started earlier and were still in an insats on
  1 January 2024 (so 878 were active during 2024, 521 of them women);
* ``finsam_history``: FINSAM-team participants 2018–2023 who ended before 2024
  (the insats has registered försörjning since 2018; the other insatser only
  appear from 2024, as in the real register).

Run ``python -m assistant.register.demo`` to rewrite the file; the same seed
gives a byte-identical workbook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.register.codelists import load_codelists
from assistant.register.reader import DATA_SHEET, SYNTHETIC_MARKER

SEED = 2003_1210
DEFAULT_OUTPUT = (
    Path(__file__).resolve().parents[2] / "corpus" / "deltagare" / "deltagare-demo.xlsx"
)
_FIXED_TIME = dt.datetime(2025, 5, 14, 0, 0, 0)

KVINNA, MAN, ANNAT = "Kvinna", "Man", "Annat/okänt"
STAD, VARD, FK, AF = (
    "Stockholms stad",
    "Hälso- och sjukvården",
    "Försäkringskassan",
    "Arbetsförmedlingen",
)
FT, AP, IPSP, NOV, IPSB, HF = (
    "FINSAM-team",
    "Aktivitetsplatsen",
    "Integrering av IPS i psykosvården",
    "Novum",
    "IPS för personer med beroendeproblematik",
    "Hälsofrämjande insatser för nyanlända",
)
ARBETE, STUDIER = "Arbete", "Studier"
MEDICINSK = "Medicinsk eller psykologisk utredning/vård/rehabilitering"
FORTSATT = "Fortsatt stöd hos jobbtorg/Arbetsförmedlingen/rehabiliteringssamverkan"
FLYTT, FORALDRA, FRIHET, ANNAN = "Flytt", "Föräldraledighet", "Frihetsberövad", "Annan orsak"
FIVE_PLUS = "5 år eller mer"

# --- Calibration: the published figures (tjänsteutlåtande, see module docstring) ---

#: Started in 2024 by kön: 352 = 197 kvinnor + 154 män + 1 annat/okänt.
STARTED_2024_BY_KON = {KVINNA: 197, MAN: 154, ANNAT: 1}
#: Started in 2024 by anmälande part (130/118/97/7) and insats (plausible mix:
#: the staden mainly to FINSAM-team and IPS beroende, vården mainly to IPS i
#: psykosvården, Försäkringskassan mostly to Aktivitetsplatsen).
STARTED_2024_PART_INSATS = {
    STAD: {FT: 70, IPSB: 40, NOV: 8, HF: 7, AP: 5},
    VARD: {IPSP: 80, IPSB: 18, FT: 12, NOV: 8},
    FK: {AP: 62, FT: 15, NOV: 12, IPSP: 8},
    AF: {FT: 4, HF: 3},
}
#: Started in 2024 by stadsdel: Enskede-Årsta-Vantör largest (54), 19 unknown,
#: every stadsdelsområde represented.
STARTED_2024_STADSDEL = {
    "Enskede-Årsta-Vantör": 54,
    "Skärholmen": 45,
    "Rinkeby-Kista": 38,
    "Farsta": 31,
    "Spånga-Tensta": 30,
    "Hässelby-Vällingby": 27,
    "Södermalm": 25,
    "Hägersten-Älvsjö": 24,
    "Skarpnäck": 22,
    "Bromma": 12,
    "Kungsholmen": 10,
    "Norrmalm": 9,
    "Östermalm": 6,
    "Okänd": 19,
}
#: Five years or more without work or studies among 2024 starters: 127/352 =
#: 36 %, women (78/197 = 40 %) a higher share than men (49/154 = 32 %).
STARTED_2024_FIVE_PLUS = {KVINNA: 78, MAN: 49, ANNAT: 0}
#: Active during 2024 = 878 (521 kvinnor); those who started earlier:
CARRY_OVER_BY_KON = {KVINNA: 521 - 197, MAN: 878 - 521 - 154 - 1, ANNAT: 0}
#: Carry-over by insats (the other insatser began in 2022–2023).
CARRY_OVER_BY_INSATS = {FT: 68, AP: 120, IPSP: 172, NOV: 64, IPSB: 78, HF: 24}
#: Ended in 2024: 348 = 197 kvinnor + 151 män; split between 2024 starters and carry-over.
ENDED_2024_FROM_STARTERS = {KVINNA: 55, MAN: 43}
ENDED_2024_FROM_CARRY_OVER = {KVINNA: 197 - 55, MAN: 151 - 43}
#: Avslutsorsak among those who ended in 2024, by kön. 61 to arbete or studier
#: (men 29/151 = 19 % > women 32/197 = 16 %), medicinsk 111 (32 %), fortsatt stöd
#: 104 (30 %); medicinsk the most common for both women and men.
ENDED_2024_REASONS = {
    KVINNA: {
        ARBETE: 23,
        STUDIER: 9,
        MEDICINSK: 63,
        FORTSATT: 59,
        FLYTT: 10,
        FORALDRA: 9,
        FRIHET: 2,
        ANNAN: 22,
    },
    MAN: {
        ARBETE: 22,
        STUDIER: 7,
        MEDICINSK: 48,
        FORTSATT: 45,
        FLYTT: 8,
        FORALDRA: 3,
        FRIHET: 4,
        ANNAN: 14,
    },
}
#: FINSAM-team starts per year 2018–2023 (2024 follows from the part × insats table);
#: 649 + 101 = 750 who met FINSAM-team 2018–2024.
FINSAM_STARTS_BY_YEAR = {2018: 95, 2019: 105, 2020: 92, 2021: 108, 2022: 118, 2023: 131}
#: Försörjning at the first FINSAM-team meeting, 750 participants: 457 (61 %)
#: försörjningsstöd, 112 (15 %) sjukpenning.
FINSAM_FORSORJNING = {
    "Försörjningsstöd": 457,
    "Sjukpenning": 112,
    "Arbetslöshetsersättning": 30,
    "Aktivitetsersättning": 28,
    "Aktivitetsstöd": 25,
    "Sjukersättning": 22,
    "Ingen ersättning": 34,
    "Annan": 14,
    "Etableringsersättning": 12,
    "Okänd": 10,
    "Lön": 6,
}

# --- Plausibility: distributions with no published figure ---

#: Age at start (mean, sd) per insats.
AGE_BY_INSATS = {
    FT: (42, 11),
    AP: (41, 11),
    IPSP: (33, 9),
    NOV: (36, 11),
    IPSB: (41, 10),
    HF: (38, 9),
}
#: Anmälande part weights per insats, for participants without a published mix.
PART_WEIGHTS_BY_INSATS = {
    FT: {STAD: 62, VARD: 14, FK: 16, AF: 8},
    AP: {FK: 70, STAD: 12, VARD: 12, AF: 6},
    IPSP: {VARD: 88, FK: 8, STAD: 4},
    NOV: {STAD: 30, VARD: 25, FK: 35, AF: 10},
    IPSB: {STAD: 65, VARD: 35},
    HF: {STAD: 60, AF: 40},
}
STADSDEL_WEIGHTS = {
    "Enskede-Årsta-Vantör": 15,
    "Skärholmen": 11,
    "Rinkeby-Kista": 11,
    "Farsta": 9,
    "Spånga-Tensta": 9,
    "Hässelby-Vällingby": 8,
    "Södermalm": 8,
    "Hägersten-Älvsjö": 8,
    "Skarpnäck": 6,
    "Bromma": 4,
    "Kungsholmen": 3,
    "Norrmalm": 3,
    "Östermalm": 2,
    "Okänd": 5,
}
TID_WEIGHTS = {"Mindre än 1 år": 18, "1–2 år": 20, "2–5 år": 26, FIVE_PLUS: 30, "Okänd": 6}
#: Avslutsorsak weights for FINSAM-team participants who ended before 2024.
HISTORY_REASON_WEIGHTS = {
    ARBETE: 13,
    STUDIER: 5,
    MEDICINSK: 30,
    FORTSATT: 33,
    FLYTT: 5,
    FORALDRA: 3,
    FRIHET: 1,
    ANNAN: 10,
}
#: How strongly each insats leads to each exit reason (relative weights).
REASON_AFFINITY = {
    ARBETE: {IPSP: 3.0, IPSB: 2.5, AP: 1.2, NOV: 1.2, FT: 1.0, HF: 0.8},
    STUDIER: {IPSP: 2.0, NOV: 1.5, HF: 1.5, IPSB: 1.0, AP: 1.0, FT: 0.8},
    MEDICINSK: {AP: 1.6, FT: 1.3, IPSB: 1.0, NOV: 1.0, IPSP: 0.7, HF: 1.0},
    FORTSATT: {FT: 1.5, NOV: 1.4, AP: 1.0, HF: 1.2, IPSB: 0.8, IPSP: 0.6},
}

COLUMNS = (
    "Deltagar-ID", "Kön", "Ålder", "Utbildning", "Tid utan arbete eller studier",
    "Anmälande part", "Insats", "Stadsdel", "Startdatum", "Slutdatum", "Avslutsorsak",
    "Försörjning vid start",
)  # fmt: skip


@dataclass
class Person:
    """One synthetic participation while it is being built."""

    group: str
    insats: str
    start: dt.date
    kon: str = ""
    part: str = ""
    age: int = 0
    utbildning: str = ""
    tid: str = ""
    stadsdel: str = ""
    end: dt.date | None = None
    reason: str | None = None
    forsorjning: str | None = None


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    # -- sampling helpers ------------------------------------------------------
    def pick(self, weights: Mapping[str, float]) -> str:
        keys = list(weights)
        p = np.array([weights[k] for k in keys], dtype=float)
        return keys[int(self.rng.choice(len(keys), p=p / p.sum()))]

    def choose(self, people: Sequence[Person], k: int, weights: Sequence[float]) -> list[Person]:
        """Pick ``k`` distinct people, each with probability proportional to its weight."""
        if k == 0:
            return []
        w = np.asarray(weights, dtype=float) + 1e-9
        idx = self.rng.choice(len(people), size=k, replace=False, p=w / w.sum())
        return [people[i] for i in sorted(idx)]

    def shuffled(self, counts: dict[str, int]) -> list[str]:
        values = [key for key, n in counts.items() for _ in range(n)]
        order = self.rng.permutation(len(values))
        return [values[i] for i in order]

    def day_in(self, first: dt.date, last: dt.date) -> dt.date:
        span = (last - first).days
        return first + dt.timedelta(days=int(self.rng.integers(0, span + 1)))

    def start_in_year(self, year: int) -> dt.date:
        # Fewer starts in July and late December.
        month_w = {1: 9, 2: 10, 3: 10, 4: 9, 5: 9, 6: 8, 7: 3, 8: 8, 9: 10, 10: 10, 11: 9, 12: 5}
        month = int(self.pick({str(m): w for m, w in month_w.items()}))
        first = dt.date(year, month, 1)
        last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
        return self.day_in(first, last)

    # -- groups --------------------------------------------------------------
    def started_2024(self) -> list[Person]:
        people = [
            Person(group="started_2024", insats=insats, start=self.start_in_year(2024), part=part)
            for part, mix in STARTED_2024_PART_INSATS.items()
            for insats, n in mix.items()
            for _ in range(n)
        ]
        for person, kon in zip(people, self.shuffled(STARTED_2024_BY_KON), strict=True):
            person.kon = kon
        return people

    def finsam_before_2024(self) -> list[Person]:
        return [
            Person(group="finsam_history", insats=FT, start=self.start_in_year(year))
            for year, n in FINSAM_STARTS_BY_YEAR.items()
            for _ in range(n)
        ]

    def carry_over_others(self) -> list[Person]:
        people = []
        for insats, n in CARRY_OVER_BY_INSATS.items():
            if insats == FT:
                continue
            for _ in range(n):
                # Mostly started within the last year; a tail back to early 2022.
                days = int(min(self.rng.exponential(170), 720)) + 1
                start = dt.date(2024, 1, 1) - dt.timedelta(days=days)
                people.append(Person(group="carry_over", insats=insats, start=start))
        return people

    def split_finsam(self, finsam: list[Person]) -> tuple[list[Person], list[Person]]:
        """Move the FINSAM-team participants still in the insats on 1 Jan 2024 to carry-over."""
        cutoff = dt.date(2023, 11, 15)
        late = [p for p in finsam if p.start >= cutoff]
        rest = [p for p in finsam if p.start < cutoff]
        days_before = np.array([(dt.date(2024, 1, 1) - p.start).days for p in rest], dtype=float)
        weights = [float(w) for w in np.exp(-days_before / 150.0)]
        chosen = late + self.choose(rest, CARRY_OVER_BY_INSATS[FT] - len(late), weights)
        chosen_ids = {id(p) for p in chosen}
        for p in chosen:
            p.group = "carry_over"
        return chosen, [p for p in finsam if id(p) not in chosen_ids]

    # -- attributes ----------------------------------------------------------
    def assign_age_and_education(self, people: list[Person]) -> None:
        for p in people:
            mean, sd = AGE_BY_INSATS[p.insats]
            p.age = int(np.clip(round(self.rng.normal(mean, sd)), 18, 66))
            if self.rng.random() < 0.03:  # a few younger participants
                p.age = int(self.rng.integers(16, 19))
            if p.insats == HF:
                weights = {"Förgymnasial": 40, "Gymnasial": 22, "Eftergymnasial": 18, "Okänd": 20}
            else:
                weights = {"Förgymnasial": 30, "Gymnasial": 45, "Eftergymnasial": 17, "Okänd": 8}
            if p.age < 20:
                weights = {"Förgymnasial": 60, "Gymnasial": 35, "Okänd": 5}
            p.utbildning = self.pick(dict(weights))

    def assign_tid(self, people: list[Person], five_plus: dict[str, int] | None) -> None:
        def five_plus_weight(p: Person) -> float:
            return float(max(p.age - 22, 0)) ** 1.2

        if five_plus is None:
            for p in people:
                w = dict(TID_WEIGHTS)
                if p.age < 23:
                    w[FIVE_PLUS] = 0
                p.tid = self.pick(w)
            return
        for kon, n in five_plus.items():
            group = [p for p in people if p.kon == kon]
            chosen = self.choose(group, n, [five_plus_weight(p) for p in group])
            for p in chosen:
                p.tid = FIVE_PLUS
        others = {k: v for k, v in TID_WEIGHTS.items() if k != FIVE_PLUS}
        for p in people:
            if not p.tid:
                p.tid = self.pick(others)

    def assign_stadsdel(self, people: list[Person], quotas: dict[str, int] | None) -> None:
        if quotas is None:
            for p in people:
                p.stadsdel = self.pick(STADSDEL_WEIGHTS)
            return
        # Unknown residence mostly among people the staden refers (Enheten för hemlösa).
        unknown = self.choose(
            people, quotas["Okänd"], [6.0 if p.part == STAD else 1.0 for p in people]
        )
        for p in unknown:
            p.stadsdel = "Okänd"
        rest = [p for p in people if not p.stadsdel]
        known = {k: v for k, v in quotas.items() if k != "Okänd"}
        for p, stadsdel in zip(rest, self.shuffled(known), strict=True):
            p.stadsdel = stadsdel

    def assign_endings_2024(self, people: list[Person], counts: dict[str, int]) -> list[Person]:
        ended: list[Person] = []
        year_end = dt.date(2024, 12, 31)
        for kon, n in counts.items():
            pool = [p for p in people if p.kon == kon and p.start <= dt.date(2024, 11, 30)]
            # The longer someone has been in the insats, the likelier they end this year.
            weights = [float((year_end - p.start).days) ** 1.5 for p in pool]
            for p in self.choose(pool, n, weights):
                first = max(dt.date(2024, 1, 1), p.start + dt.timedelta(days=14))
                p.end = self.day_in(first, year_end)
                ended.append(p)
        return ended

    def assign_reasons_2024(self, ended: list[Person]) -> None:
        for kon, reasons in ENDED_2024_REASONS.items():
            remaining = [p for p in ended if p.kon == kon]
            for reason, n in reasons.items():
                affinity = REASON_AFFINITY.get(reason, {})
                weights = []
                for p in remaining:
                    w = affinity.get(p.insats, 1.0)
                    if reason == STUDIER:
                        w *= 3.0 if p.age < 30 else 0.5
                    if reason == FORALDRA:
                        w *= 2.0 if 22 <= p.age <= 42 else 0.1
                    weights.append(w)
                chosen = self.choose(remaining, n, weights)
                chosen_ids = {id(p) for p in chosen}
                for p in chosen:
                    p.reason = reason
                remaining = [p for p in remaining if id(p) not in chosen_ids]

    def assign_history_endings(self, people: list[Person]) -> None:
        last = dt.date(2023, 12, 31)
        for p in people:
            duration = int(np.clip(self.rng.gamma(3.0, 90.0), 30, 720))
            p.end = min(p.start + dt.timedelta(days=duration), last)
            if p.end < p.start + dt.timedelta(days=14):
                p.end = min(p.start + dt.timedelta(days=14), last)
            w = dict(HISTORY_REASON_WEIGHTS)
            if p.age >= 30:
                w[STUDIER] = 2
            p.reason = self.pick(w)

    def assign_forsorjning(self, finsam: list[Person]) -> None:
        affinity = {
            "Försörjningsstöd": {STAD: 10.0, VARD: 3.0, AF: 2.0, FK: 1.0},
            "Sjukpenning": {FK: 10.0, VARD: 5.0, STAD: 0.4, AF: 0.4},
            "Sjukersättning": {FK: 6.0, VARD: 3.0},
            "Arbetslöshetsersättning": {AF: 8.0},
            "Aktivitetsstöd": {AF: 8.0},
            "Etableringsersättning": {AF: 6.0},
        }
        remaining = list(finsam)
        for kind, n in FINSAM_FORSORJNING.items():
            weights = []
            for p in remaining:
                w = affinity.get(kind, {}).get(p.part, 1.0)
                if kind == "Aktivitetsersättning":
                    w = 6.0 if p.age < 30 else 0.2
                weights.append(w)
            chosen = self.choose(remaining, n, weights)
            chosen_ids = {id(p) for p in chosen}
            for p in chosen:
                p.forsorjning = kind
            remaining = [p for p in remaining if id(p) not in chosen_ids]

    def assign_kon_random(self, people: list[Person]) -> None:
        for p in people:
            p.kon = self.pick({KVINNA: 57.0, MAN: 42.5, ANNAT: 0.5})

    def assign_part(self, people: list[Person]) -> None:
        for p in people:
            p.part = self.pick(dict(PART_WEIGHTS_BY_INSATS[p.insats]))


def build_people(seed: int = SEED) -> list[Person]:
    """Build the synthetic participations (deterministic for a seed)."""
    b = _Builder(seed)
    started = b.started_2024()
    finsam = b.finsam_before_2024()
    finsam_carry, history = b.split_finsam(finsam)
    carry = finsam_carry + b.carry_over_others()

    for person, kon in zip(carry, b.shuffled(CARRY_OVER_BY_KON), strict=True):
        person.kon = kon
    b.assign_kon_random(history)
    b.assign_part(carry + history)

    everyone = started + carry + history
    b.assign_age_and_education(everyone)
    b.assign_tid(started, STARTED_2024_FIVE_PLUS)
    b.assign_tid(carry + history, None)
    b.assign_stadsdel(started, STARTED_2024_STADSDEL)
    b.assign_stadsdel(carry + history, None)

    ended = b.assign_endings_2024(started, ENDED_2024_FROM_STARTERS)
    ended += b.assign_endings_2024(carry, ENDED_2024_FROM_CARRY_OVER)
    b.assign_reasons_2024(ended)
    b.assign_history_endings(history)
    b.assign_forsorjning([p for p in everyone if p.insats == FT])

    everyone.sort(key=lambda p: (p.start, p.insats, p.kon, p.age, p.stadsdel))
    return everyone


def _rows(people: list[Person]) -> list[list[object]]:
    rows: list[list[object]] = []
    for number, p in enumerate(people, start=1):
        rows.append(
            [
                f"D{number:05d}",
                p.kon,
                p.age,
                p.utbildning,
                p.tid,
                p.part,
                p.insats,
                p.stadsdel,
                p.start,
                p.end,
                p.reason,
                p.forsorjning,
            ]
        )
    return rows


def _make_deterministic(data: bytes) -> bytes:
    """Fix the zip entry times and the workbook's modified time so output is reproducible."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\2", text
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def workbook_bytes(seed: int = SEED) -> bytes:
    """The demo workbook as bytes (same seed, same bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    load_codelists()  # the headers below must stay in the code lists
    people = build_people(seed)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = DATA_SHEET
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in _rows(people):
        ws.append(row)
    for column_cells in ws.iter_cols(min_col=9, max_col=10, min_row=2):
        for cell in column_cells:
            cell.number_format = "yyyy-mm-dd"
    widths = (10, 12, 7, 15, 26, 22, 40, 22, 12, 12, 60, 22)
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"

    about = wb.create_sheet("Om filen")
    notes = [
        "SYNTETISKA DEMODATA – inga verkliga personer.",
        "Filen är genererad av assistant/register/demo.py (seed "
        f"{seed}) för att visa formatet och statistikfunktionerna.",
        "Den är kalibrerad så att statistiken återger de siffror som publicerats i "
        "socialförvaltningens tjänsteutlåtande (svar på skrivelse från Moderaterna, 2025).",
        "Allt annat (åldrar, utbildning, datum, kombinationer) är slumpat och säger "
        "ingenting om verkliga deltagare.",
        "Formatet beskrivs i corpus/deltagare/README.md.",
    ]
    for line in notes:
        about.append([line])
    about.column_dimensions["A"].width = 110

    props = wb.properties
    props.title = "Deltagarregister – SYNTETISKA DEMODATA"
    props.subject = "Samordningsförbundet Stockholms stad, demoregister 2018–2024"
    props.keywords = SYNTHETIC_MARKER
    props.creator = "assistant.register.demo"
    props.lastModifiedBy = "assistant.register.demo"
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _make_deterministic(buffer.getvalue())


def write_demo(path: Path = DEFAULT_OUTPUT, seed: int = SEED) -> Path:
    """Write the demo workbook to ``path`` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(seed))
    return path


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry: ``python -m assistant.register.demo [--out FILE] [--seed N]``."""
    parser = argparse.ArgumentParser(description="Skriv det syntetiska demoregistret.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="Utfil (.xlsx).")
    parser.add_argument("--seed", type=int, default=SEED, help="Slumpfrö.")
    args = parser.parse_args(argv)
    path = write_demo(args.out, args.seed)
    print(f"Skrev {path} (syntetiska demodata, seed {args.seed}).")


if __name__ == "__main__":
    main()
