"""The full-text query for what a person typed: every word, as the start of a word.

FTS5 answers a prefix query (``"referral"*``) by merging the doclists of every term that starts
with it in freshly allocated buffers. With SQLCipher's memory security on (every allocation
locked in memory and wiped when freed) that took about 110 ms a word on the large demo, against
under 2 ms with it off. So a plain word is first looked up in the index's own term list
(``fts5vocab``): when up to ``MAX_TERMS`` terms start with it, the query names them (``"referral"
OR "referrals"``), which FTS5 reads without that merge; the results are the same. A word with
more terms than that, or with characters the index folds (accents, other scripts), stays a prefix
query, which is always right and only slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from linkdesk.domain.snippet import query_words, snippet
from linkdesk.storage.batch import chunks
from linkdesk.storage.connection import Connection

#: Terms a word may stand for before the query falls back to a prefix.
MAX_TERMS = 64
_WORD = re.compile(r"\w+")
#: Words the index stores as typed, lower-cased (``unicode61`` leaves ASCII letters and digits so).
_PLAIN = re.compile(r"[a-z0-9]+")
_TERMS = "temp.search_terms"


def match_query(conn: Connection, query: str) -> str:
    """An FTS5 query matching every word of ``query`` as a prefix ("" when nothing can match)."""
    parts = []
    for word in (w.replace('"', "") for w in _WORD.findall(query)):
        part = _word(conn, word)
        if part is None:
            return ""  # no indexed word starts with it, so no record has every word
        parts.append(part)
    return " AND ".join(parts)


def _word(conn: Connection, word: str) -> str | None:
    lowered = word.lower()
    if not _PLAIN.fullmatch(lowered):
        return f'"{word}"*'
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_TERMS} USING fts5vocab(main, search_index, row)")
    after = lowered[:-1] + chr(ord(lowered[-1]) + 1)  # every term with the prefix sorts before this
    terms = [
        str(row[0])
        for row in conn.execute(
            f"SELECT term FROM {_TERMS} WHERE term >= ? AND term < ? LIMIT ?", (lowered, after, MAX_TERMS + 1)
        )
    ]
    if not terms:
        return None
    if len(terms) > MAX_TERMS:
        return f'"{word}"*'
    return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"


def snippets(conn: Connection, query: str, rids: Iterable[int]) -> dict[int, str]:
    """The words around ``query``'s matches (in [brackets]) in each of these search hits, cut
    from each hit's indexed text (``domain.snippet``): asked only for the hits a page shows."""
    words = query_words(query)
    found: dict[int, str] = {}
    for part in chunks(sorted(set(rids)) if words else []):
        marks = ", ".join("?" * len(part))
        for rid, body in conn.execute(f"SELECT rowid, body FROM search_index WHERE rowid IN ({marks})", part):
            found[int(rid)] = snippet(str(body), words)
    return found
