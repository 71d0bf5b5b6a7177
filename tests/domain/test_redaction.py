"""The one name redactor (``domain/redaction.py``): every spelling of every recorded name goes,
codes stay whole, and nothing else in the text changes."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkdesk.domain.records import Record
from linkdesk.domain.redaction import AMBIGUOUS, NameRedactor, clip, fold

#: Real names of children in UK schools: Polish, Irish, Welsh, Bengali, Arabic, Yoruba, Turkish,
#: Danish, Serbian, Old English and German letters, hyphens, apostrophes and particles.
NAMES = (
    ("Zuzanna", "Łukasiewicz-Nowak"),
    ("Siobhán", "Ó Súilleabháin"),
    ("Aoife", "O'Sullivan"),
    ("Dafydd", "ap Gwilym"),
    ("Olivia", "Smith-Jones"),
    ("তানভীর", "হোসেন"),
    ("محمد", "الزهراء"),
    ("Zoë", "Ní Bhriain"),
    ("Bjørn", "Søndergaard"),
    ("Đorđe", "Đoković"),
    ("Ælfrida", "Strauß"),
    ("Yıldız", "Öztürk"),
    ("Mary-Kate", "McDonald"),
    ("Oluwaseun", "Adébáyọ̀"),
    ("Œdipa", "Ørsted"),
    ("Łucja", "Wróbel"),
    ("Priya", "Patel"),
)
CYPS = [
    Record(f"id-{n}", "cyp", {"given_name": g, "family_name": f, "pseudonym": f"CYP-{n:06X}"})
    for n, (g, f) in enumerate(NAMES, start=0xA1B2C0)
]
CODES = [str(c.get("pseudonym")) for c in CYPS]
FILLER = tuple(
    re.findall(
        r"\S+",
        "the school will share the plan with family and class teacher at break lunch time "
        "ring mum dad carer about sleep worries SENCO meeting next week quiet room support "
        "referral sent to specialist CAMHS early help offer pastoral lead check in daily",
    )
)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f\u0980-\u09ff\u064b-\u065f\u200c\u200d])*")


def _plain(text: str) -> str:
    """An independent folding for the check (not the redactor's own): case and marks removed."""
    text = text.casefold().translate(str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe"}))
    text = text.replace("ı", "i")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _forbidden() -> set[str]:
    """Every significant name word, as _plain spells it, and the parts of a name written together."""
    found: set[str] = set()
    particles = {"ap", "o", "ni", "al", "mc"}
    for given_name, family in NAMES:
        for name in (given_name, family):
            parts = [p for p in re.split(r"[\s'\-]+", _plain(name)) if p]
            found.update(p for p in parts if p not in particles and len(p) > 1)
            if len(parts) > 1:
                found.add("".join(parts))
    found.update({"donald", "zahra"})  # from "McDonald", "الزهراء" said without its article
    found.discard("")
    return found


FORBIDDEN = _forbidden()


def surviving(text: str) -> set[str]:
    words = {w for w in _WORD.findall(_plain(text).replace("\u02bc", " "))}
    plural = {w[:-1] for w in words if w.endswith("s")}
    return (words | plural) & FORBIDDEN


APOSTROPHES = ("'", "’", "‘", "ʼ", "", " ", "ʼ ")
HYPHENS = ("-", " ", "‐", "–", "")
SUFFIXES = ("", "'s", "’s", "s", "s'", "’")


def _strip_marks(text: str) -> str:
    text = text.translate(str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d"}))
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@st.composite
def spelling(draw: st.DrawFn) -> str:
    """A child's name as a worker might type it."""
    given_name, family = draw(st.sampled_from(NAMES))
    parts = re.split(r"[\s\-]+", family)
    name = draw(
        st.sampled_from(
            [f"{given_name} {family}", given_name, family, *[p for p in parts if len(_plain(p)) > 2]]
        )
    )
    case = draw(st.sampled_from(["as is", "lower", "upper", "title", "mixed"]))
    if case == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
        name = "".join(c.upper() if f else c.lower() for c, f in zip(name, flips, strict=True))
    elif case != "as is":
        name = getattr(name, case)()
    marks = draw(st.sampled_from(["kept", "stripped", "added"]))
    if marks == "stripped":
        name = _strip_marks(name)
    elif marks == "added":  # "Príya", "Zuzännä": an accent typed where none was recorded
        name = re.sub(
            r"([aeiouAEIOU])", lambda m: m.group(1) + draw(st.sampled_from(["", "\u0301", "\u0308"])), name
        )
    name = re.sub(r"'", lambda _m: draw(st.sampled_from(APOSTROPHES)), name)
    name = re.sub(r"-", lambda _m: draw(st.sampled_from(HYPHENS)), name)
    name += draw(st.sampled_from(SUFFIXES))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), name)


REDACT = NameRedactor(CYPS)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(spelling(), st.sampled_from(FILLER), st.sampled_from(CODES)), min_size=1, max_size=12),
    st.lists(st.sampled_from([" ", " ", ", ", ". ", "\n", " (", ") ", "; "]), min_size=12, max_size=12),
)
def test_no_spelling_of_any_name_survives(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
    out = REDACT(text)
    assert surviving(out) == set(), (text, out)
    for code in CODES:  # every code that went in comes out whole; none is made up or cut
        assert len(re.findall(re.escape(code), out)) >= text.count(code)
    assert {c for c in re.findall(r"CYP-\w*", out)} <= set(CODES)
    words_in, words_out = _WORD.findall(text), _WORD.findall(out)
    for word in FILLER:  # ordinary words are left alone
        assert words_out.count(word) == words_in.count(word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call Lukasiewicz-Nowak family", "Call CYP-A1B2C0 family"),
        ("LUKASIEWICZ-NOWAK, Łukasiewicz, Nowak", "CYP-A1B2C0, CYP-A1B2C0, CYP-A1B2C0"),
        ("Nowak's mum and the Nowaks' car", "CYP-A1B2C0's mum and the CYP-A1B2C0' car"),
        ("O'Sullivan, O’Sullivan, O‘Sullivan, Oʼ Sullivan, OSullivan", ", ".join(["CYP-A1B2C2"] * 5)),
        ("Aoife O'Sullivan Aoife", "CYP-A1B2C2"),  # one run of one child's names is one code
        ("Aoife O Sullivan rang", "CYP-A1B2C2 rang"),
        ("Siobhan O Suilleabhain and SÚILLEABHÁIN", "CYP-A1B2C1 and CYP-A1B2C1"),
        ("Dafydd ap Gwilym and Gwilym", "CYP-A1B2C3 and CYP-A1B2C3"),
        ("তানভীর হোসেন এসেছে", "CYP-A1B2C5 এসেছে"),
        ("محمد الزهراء and زهراء", "CYP-A1B2C6 and CYP-A1B2C6"),
        ("STRAUSS, Strauss, Aelfrida", "CYP-A1B2CA, CYP-A1B2CA, CYP-A1B2CA"),
        ("Yildiz, Orsted, Oedipa, Djordje? Dorde", "CYP-A1B2CB, CYP-A1B2CE, CYP-A1B2CE, Djordje? CYP-A1B2C9"),
        ("Mc Donald and MacDonald", "CYP-A1B2CC and MacDonald"),
        ("Zu\u200bzanna", "CYP-A1B2C0"),
        ("Ring CYP-A1B2C0 about Zuzanna", "Ring CYP-A1B2C0 about CYP-A1B2C0"),
    ],
)
def test_spellings(text: str, expected: str) -> None:
    assert REDACT(text) == expected


def test_a_code_is_never_looked_into_even_when_it_spells_a_name() -> None:
    child = Record("d", "cyp", {"given_name": "Decade", "family_name": "Facade", "pseudonym": "CYP-0D0D0D"})
    assert NameRedactor([child])("CYP-FACADE met Decade") == "CYP-FACADE met CYP-0D0D0D"


def test_a_word_two_children_share_is_redacted_without_saying_whose() -> None:
    siblings = [
        Record("z", "cyp", {"given_name": "Zuzanna", "family_name": "Nowak", "pseudonym": "CYP-00000Z"}),
        Record("t", "cyp", {"given_name": "Tomasz", "family_name": "Nowak", "pseudonym": "CYP-00000T"}),
    ]
    redact = NameRedactor(siblings)
    assert redact("Nowak family; Tomasz Nowak") == f"{AMBIGUOUS} family; CYP-00000T"
    keep_zuzanna = redact.keeping(["z"])  # a letter that may name Zuzanna, not her brother
    # her own names may be printed; her brother's given name, or both his names together, may not
    assert keep_zuzanna("Zuzanna Nowak and Tomasz; the Nowaks") == "Zuzanna Nowak and CYP-00000T; the Nowaks"
    assert keep_zuzanna("Tomasz Nowak") == "CYP-00000T"


def test_particles_and_letters_are_never_redacted_alone() -> None:
    redact = NameRedactor([CYPS[3], CYPS[2]])  # Dafydd ap Gwilym, Aoife O'Sullivan
    assert redact("O and ap are words; so is a") == "O and ap are words; so is a"


def test_names_in_every_name_field_go_including_the_preferred_name() -> None:
    child = Record(
        "k", "cyp", {"given_name": "Katarzyna", "preferred_name": "Kasia", "pseudonym": "CYP-00000K"}
    )
    assert NameRedactor([child])("KASIA said") == "CYP-00000K said"


def test_fold() -> None:
    assert fold("ŁUKASIEWICZ") == fold("Lukasiewicz") == "lukasiewicz"
    assert [fold(w) for w in ("Ø", "ß", "Đ", "Æ", "Œ", "ı", "O’S")] == ["o", "ss", "d", "ae", "oe", "i", "os"]


def test_clip_never_cuts_a_code() -> None:
    text = "x" * 84 + " CYP-AA237D and more words after it"
    assert clip(text, 90) == "x" * 84 + "…"
    assert clip("short", 90) == "short"
    assert clip("a" * 100, 10) == "a" * 9 + "…"
