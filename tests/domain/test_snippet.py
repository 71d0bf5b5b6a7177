"""A search hit shows the words around what was searched for, whatever the script or accents."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from linkdesk.domain.snippet import ELLIPSIS, snippet
from linkdesk.domain.snippet import query_words as words

NOTE = (
    "Spoke with Mum about Zoë's referral to CAMHS; the school referral form was sent on Tuesday "
    "and the GP will follow up with a letter next week about the waiting list."
)


def test_the_words_around_the_first_match_are_shown_with_each_match_marked() -> None:
    assert (
        snippet(NOTE, words("referral"))
        == "…about Zoë's [referral] to CAMHS; the school [referral] form was sent…"
    )


def test_a_match_at_the_start_or_the_end_is_not_cut_off() -> None:
    assert snippet(NOTE, words("spoke")).startswith("[Spoke] with Mum")
    assert snippet(NOTE, words("waiting")).endswith("about the [waiting] list")
    assert not snippet(NOTE, words("waiting")).endswith(ELLIPSIS)


def test_the_window_with_most_of_the_words_searched_for_is_chosen() -> None:
    assert (
        snippet(NOTE, words("letter gp")) == "…Tuesday and the [GP] will follow up with a [letter] next week…"
    )


def test_words_match_as_the_start_of_a_word_ignoring_case_and_accents() -> None:
    assert "[Zoë]" in snippet(NOTE, words("zoe"))
    assert "[Mum]" in snippet(NOTE, words("MU"))
    text = "Rozmowa z panią Wiśniewską i Siobhán Ní Bhriain o szkole"
    assert snippet(text, words("wisniewska siobhan")) == (
        "Rozmowa z panią [Wiśniewską] i [Siobhán] Ní Bhriain o szkole"
    )


def plain(shown: str) -> str:
    return shown.replace("[", "").replace("]", "")


def test_bengali_and_arabic_names_far_into_a_note_are_shown() -> None:
    # the index (unicode61) splits words at Bengali vowel signs, and the snippet marks as it does
    filler = "কথা " * 30
    shown = snippet(f"{filler}মা রহমান এর সাথে কথা হয়েছে", words("রহমান"))
    assert "রহমান" in plain(shown) and shown.startswith(ELLIPSIS) and "[রহম]" in shown
    shown = snippet("اليوم " * 30 + "تحدثت مع السيدة الهاشمي", words("الهاشمي"))
    assert "[الهاشمي]" in shown and shown.startswith(ELLIPSIS)


def test_a_short_text_with_no_match_is_shown_whole() -> None:
    assert snippet("Consent recorded", words("referral")) == "Consent recorded"
    assert snippet("", words("referral")) == ""


@given(st.text(max_size=300), st.text(max_size=20))
def test_any_text_gives_a_snippet_made_of_its_own_words(text: str, query: str) -> None:
    shown = plain(snippet(text, words(query))).replace(ELLIPSIS, "")
    assert shown in plain(text).replace(ELLIPSIS, "")
