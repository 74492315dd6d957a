"""Which document a question names ("enligt NNS", "vad säger lagen", "i tjänsteutlåtandet").

Aliases come from the index manifest (document type, acronyms in the
organisation, the organisation's first word), so a förbund's own documents get
aliases from their metadata without code changes.
"""

from __future__ import annotations

import re

from assistant.indexing.manifest import IndexManifest

#: Words that name the statute in ordinary questions ("enligt FINSAM-lagen", "the law"):
#: they say which document is asked, not what is asked about.
STATUTE_WORDS = re.compile(
    r"(?<![\wåäö-])(?:finsam-?lagens?|lagtexten|lagens|lagen|2003:1210|the act|the law)"
    r"(?![\wåäö-])",
    re.IGNORECASE,
)


def _aliases(manifest: IndexManifest) -> dict[str, set[str]]:
    aliases: dict[str, set[str]] = {}
    for doc in manifest.documents.values():
        names = {doc.doc_type.lower()}
        if doc.doc_type.lower().endswith("e"):
            names.add(doc.doc_type.lower() + "t")  # tjänsteutlåtande -> tjänsteutlåtandet
        else:
            names.add(doc.doc_type.lower() + "et")  # positionspapper -> positionspapperet
        names |= {a.lower() for a in re.findall(r"\(([A-ZÅÄÖ]{2,})\)", doc.organisation)}
        first = doc.organisation.split(",")[0].split()[0].lower() if doc.organisation else ""
        if first.endswith("förvaltningen"):
            names |= {first, "förvaltningen"}
        # The title's first clause ("Varför bry sig om Finsam"), if long enough to be
        # a name and not a common phrase.
        # A statute's title is named without its SFS number ("lagen om finansiell
        # samordning av rehabiliteringsinsatser").
        title = re.sub(r"\s*\(\d{4}:\d+\)", "", doc.title or "")
        opening = re.split(r"\?|\s[–—-]\s|:", title)[0].strip().lower()
        if len(opening.split()) >= 4:
            names.add(opening)
            if doc.doc_type == "författning":
                names.add(re.sub(r"^lag\b", "lagen", opening))
                # … and by its short title ("lagen om finansiell samordning").
                short = opening.split(" av ")[0]
                if short != opening and len(short.split()) >= 4:
                    names |= {short, re.sub(r"^lag\b", "lagen", short)}
        if re.search(r"\bsvar på\b", doc.title or "", re.IGNORECASE):
            # An answer to a skrivelse is "svaret", "förvaltningens svar", "Stockholms
            # svar": by the organisation that wrote it and the place it speaks for.
            names |= {"svaret på skrivelsen", "svar på skrivelsen", "förvaltningens svar"}
            if first.endswith("förvaltningen"):
                names.add(f"{first}s svar")
            place = _place_name(doc.area)
            if place:
                names.add(f"{place}s svar")
        for name in names - {"dokument", "dokumentet", ""}:
            aliases.setdefault(name, set()).add(doc.doc_id)
    return aliases


def target_documents(question: str, manifest: IndexManifest) -> list[str]:
    """Ids of the documents the question names, or [] when it names none."""
    q = question.lower()
    found: set[str] = set()
    for alias, doc_ids in _aliases(manifest).items():
        if re.search(rf"(?<![\wåäö]){re.escape(alias)}(?![\wåäö])", q):
            found |= doc_ids
    if STATUTE_WORDS.search(q):
        found |= {d.doc_id for d in manifest.documents.values() if d.doc_type == "författning"}
    return sorted(found)


def _place_name(area: str) -> str:
    """The place an ``area`` names, lower-case: "Stockholms stad" -> "stockholm" (a
    genitive before "stad"/"kommun"/"region" loses its s; "Borås" keeps it)."""
    words = area.lower().split()
    if not words:
        return ""
    if len(words) > 1 and words[0].endswith("s") and words[1] in ("stad", "kommun", "region"):
        return words[0][:-1]
    return words[0]


def place_documents(question: str, manifest: IndexManifest) -> list[str]:
    """Ids of the documents that speak for a förbund the question names by its place
    ("Stockholms förbund", "förbundet i Stockholm", "Stockholmsförbundet": the
    tjänsteutlåtande whose ``area`` is Stockholms stad)."""
    q = question.lower()
    found: list[str] = []
    for doc in manifest.documents.values():
        name = _place_name(doc.area)
        if not name:
            continue
        place = re.escape(name)
        pattern = (
            rf"(?<![\wåäö]){place}s?\s*(?:stads?\s+)?(?:samordnings)?förbund\w*"
            rf"|(?<![\wåäö])(?:samordnings)?förbundet\s+i\s+{place}(?![\wåäö])"
        )
        if re.search(pattern, q):
            found.append(doc.doc_id)
    return sorted(found)


#: Words that join or compare what two documents say ("både … och", "samma som",
#: "uppfyller … lagens krav", "citerar", ", och hur …"); without one, a second document named is
#: context ("Stockholms förbund bildades 2016. … enligt lagen?") or a topic ("Hur vill NNS
#: att lagen ska betraktas?").
JOIN_RE = re.compile(
    r"\b(?:både|båda|bägge|respektive|jämför\w*|samma som|skiljer|skillnad\w*|uppfyller|"
    r"lever upp till|citer\w*|hänvisar till|återger|both|compare\w*|same as|differ\w*|"
    r"cites|cited|citing|quotes|quoted|quoting)\b"
    r"|,\s*(?:och|and)\s|\s(?:och|men)\s+(?:vad|vilka|vilken|hur|är|stämmer|gäller)\b",
    re.IGNORECASE,
)


def cross_documents(question: str, manifest: IndexManifest) -> list[str]:
    """The documents a question compares or joins ("Både lagen och NNS …", "… enligt
    lagen, och är det samma i Stockholms förbund?"): two or more, at least one named,
    and a word joining them; [] for a question about one document or none."""
    named = target_documents(question, manifest)
    if not named or not JOIN_RE.search(question):
        return []
    docs = sorted(set(named) | set(place_documents(question, manifest)))
    return docs if len(docs) > 1 else []


def strip_target_words(question: str, manifest: IndexManifest) -> str:
    """The question without the words that name a document ("enligt NNS")."""
    out = question
    for alias in sorted(_aliases(manifest), key=len, reverse=True):  # the full title first
        out = re.sub(rf"(?<![\wåäö]){re.escape(alias)}(?![\wåäö])", " ", out, flags=re.I)
    out = STATUTE_WORDS.sub(" ", out)
    out = re.sub(r"\benligt\b", " ", out, flags=re.I)
    return re.sub(r"\s+", " ", out).strip()
