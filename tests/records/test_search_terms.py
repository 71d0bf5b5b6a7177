"""Search finds the same records whether a word is looked up as a prefix or through the index's
term list (the faster form under SQLCipher's memory security): every word typed is the start of
a word, accents and case ignored, all words required."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkdesk.services.records import RecordService
from linkdesk.storage import search_terms
from linkdesk.storage.store import Store

NOTES = (
    "Referral sent to CAMHS; referrals chased twice",
    "Mum referred her to the GP, refers again in spring",
    "Siobhán O'Neill-Kowalczyk seen with Łukasz Wiśniewski",
    "সুমাইয়া রহমান and محمد الراشد at the drop-in",
    "Year 9 group: 12 pupils, 3 referred",
    *(f"zz{n:03d} code word" for n in range(70)),  # more words with one start than a list takes
)
WORDS = sorted({w.lower() for note in NOTES for w in search_terms._WORD.findall(note)})


def prefix_only(store: Store, query: str) -> set[int]:
    """What the index finds with every word as a plain prefix query (how search used to ask)."""
    words = search_terms._WORD.findall(query)
    if not words:
        return set()
    match = " ".join(f'"{w}"*' for w in words)
    return {
        int(r[0])
        for r in store.conn.execute("SELECT rowid FROM search_index WHERE search_index MATCH ?", (match,))
    }


def found(store: Store, query: str) -> set[int]:
    return {rid for rid, *_ in store.records.search_matches(query, limit=500)}


@pytest.fixture
def noted(store: Store, records: RecordService, school: str) -> Store:
    for body in NOTES:
        records.add("note", {"subject_type": "school", "subject_id": school, "body": body})
    return store


@pytest.mark.parametrize(
    "query",
    [
        "refer",
        "Referral",
        "REFERRALS",
        "refe sent",
        "siobhan",
        "Siobhán",
        "oneill",
        "lukasz",
        "Łukasz",
        "wis",
        "রহমান",
        "محمد",
        "12 pupils",
        "zz0",
        "zz",
        "nothing",
        "refer nothing",
        "9",
    ],
)
def test_a_query_finds_what_a_prefix_query_finds(noted: Store, query: str) -> None:
    assert found(noted, query) == prefix_only(noted, query)


def test_the_words_become_a_list_of_terms_unless_there_are_too_many(noted: Store) -> None:
    assert (
        search_terms.match_query(noted.conn, "refer")
        == '("referral" OR "referrals" OR "referred" OR "refers")'
    )
    assert search_terms.match_query(noted.conn, "zz") == '"zz"*'  # 70 terms start with it
    assert search_terms.match_query(noted.conn, "Siobhán") == '"Siobhán"*'  # the index folds accents
    assert search_terms.match_query(noted.conn, "refer qqq") == ""  # no word starts with qqq


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2), st.integers(1, 6))
def test_any_start_of_any_words_finds_what_a_prefix_query_finds(
    noted: Store, words: list[str], cut: int
) -> None:
    query = " ".join(w[:cut] for w in words)
    assert found(noted, query) == prefix_only(noted, query)
