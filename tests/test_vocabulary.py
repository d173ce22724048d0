"""The compiled word patterns of vocabulary.py (alternatives gathered by first letter, behind a test of where a
word may start; week numbers looked for only in text with a digit) against the patterns they replace: the same
matches, spans and groups on random text made of the vocabulary's own words, in any case, with other scripts."""

from __future__ import annotations

import os
import re
from contextlib import AbstractContextManager
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from notes_cli import vocabulary
from notes_cli.model import Section
from notes_cli.vocabulary import URL_HOST, URL_IN_TEXT, Vocabulary

# 50 examples a test in the default run (the suite must not get slower); HYPOTHESIS_PROFILE=long for more.
QUICK = settings(max_examples=50) if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else settings()


BUILT_IN = Vocabulary()
# The item words of every language, one table a kind (language -> words), as the earlier rules took them.
READING_VERBS = {language: words.reading_verbs for language, words in vocabulary.ITEM_WORDS.items()}
EXERCISE_VERBS = {language: words.exercise_verbs for language, words in vocabulary.ITEM_WORDS.items()}
READING_NOUNS = {language: words.reading_nouns for language, words in vocabulary.ITEM_WORDS.items()}
EXERCISE_NOUNS = {language: words.exercise_nouns for language, words in vocabulary.ITEM_WORDS.items()}


def plain_alternatives(words: tuple[str, ...] | list[str]) -> str:
    """The earlier rule: every word an alternative of one group, longest first."""
    latin, other = [], []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        body = r"\s+".join(map(re.escape, word.split()))
        if vocabulary.latin_edge(word[0]) and vocabulary.latin_edge(word[-1]):
            latin.append(body)
        else:
            lead = r"(?<!\w)" if vocabulary.latin_edge(word[0]) else ""
            other.append(lead + body + (r"(?!\w)" if vocabulary.latin_edge(word[-1]) else ""))
    alternatives = ([r"(?<!\w)(?:" + "|".join(latin) + r")(?!\w)"] if latin else []) + other
    return "(?:" + "|".join(alternatives or ["(?!)"]) + ")"


TABLES = (
    vocabulary.READING_WORDS,
    vocabulary.EXERCISE_WORDS,
    vocabulary.OTHER_WORDS,
    READING_VERBS,
    EXERCISE_VERBS,
    READING_NOUNS,
    EXERCISE_NOUNS,
)
ALL_WORDS = sorted({word for table in TABLES for words in table.values() for word in words})
# Letters that a case-insensitive pattern matches in more than one way (the Kelvin sign is `k`, the long s
# `s`, dotless and dotted i), other scripts, and what notes put around words.
ODD = ["\u212a", "\u017f", "\u0131", "\u0130", "ß", "SS", "Σ", "ς", "дом", "読む", "论文", "é", "É", "_", "ǅ"]
PIECES = [
    " ",
    "",
    "-",
    "_",
    ", ",
    "**",
    "[",
    "](",
    "\n",
    "\t",
    "  ",
    ".",
    "#",
    "🙂 ",
    "https://x.org/book/lab ",
    "/",
    "a",
]


def cased(word: str, how: str) -> str:
    return {"upper": word.upper(), "title": word.title(), "swap": word.swapcase(), "same": word}[how]


WORD = st.tuples(st.sampled_from(ALL_WORDS), st.sampled_from(["upper", "title", "swap", "same"])).map(
    lambda p: cased(*p)
)
TEXT = st.lists(st.one_of(WORD, st.sampled_from(ODD), st.sampled_from(PIECES), st.text(max_size=3)), max_size=10).map(
    "".join
)
# Configured words: the vocabulary's, in any case, with odd letters and spaces in them.
CONFIGURED = st.lists(
    st.one_of(WORD, st.sampled_from(ODD), st.tuples(WORD, st.sampled_from(ODD)).map(" ".join), TEXT), max_size=12
)


def outcome(found: re.Match[str] | None) -> tuple | None:
    return None if found is None else (found.span(), found.lastindex, found.groups())


def compiled(words: list[str], others: list[str]) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(new, old) pairs: the words alone, either kind (as `_either`), the words leading (as `_leading`)."""
    new, old = vocabulary.word_alternatives(words), plain_alternatives(words)
    new_others, old_others = vocabulary.word_alternatives(others), plain_alternatives(others)
    pairs = [(new, old), (f"({new})|({new_others})", f"({old})|({old_others})")]
    pairs.append((r"^[\W_]*(" + new + ")", r"^[\W_]*(" + old + ")"))
    return [(re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in pairs]


def assert_same_matches(pairs: list[tuple[re.Pattern[str], re.Pattern[str]]], text: str) -> None:
    for new, old in pairs:
        assert outcome(new.search(text)) == outcome(old.search(text)), (new.pattern, text)


DEFAULT_PAIRS = [
    pair
    for first, second in (
        (READING_NOUNS, EXERCISE_NOUNS),
        (vocabulary.READING_WORDS, vocabulary.EXERCISE_WORDS),
        (READING_VERBS, vocabulary.OTHER_WORDS),
        (EXERCISE_VERBS, {}),
    )
    for pair in compiled(list(vocabulary.joined(first)), list(vocabulary.joined(second)))
]


@QUICK
@given(TEXT)
def test_the_default_words_match_as_the_plain_alternation_does(text: str) -> None:
    assert_same_matches(DEFAULT_PAIRS, text)


@QUICK
@given(CONFIGURED, CONFIGURED, TEXT)
def test_configured_words_match_as_the_plain_alternation_does(words: list[str], others: list[str], text: str) -> None:
    pairs = compiled(words, others)
    assert_same_matches(pairs, text)
    assert_same_matches(pairs, " ".join(words) + text)  # the words themselves, in a row


JOINED = vocabulary.joined
PLAIN_READING_VERB = re.compile(r"^[\W_]*(" + plain_alternatives(JOINED(READING_VERBS)) + ")", re.I)
PLAIN_EXERCISE_VERB = re.compile(r"^[\W_]*(" + plain_alternatives(JOINED(EXERCISE_VERBS)) + ")", re.I)
PLAIN_NOUN = re.compile(
    f"({plain_alternatives(JOINED(READING_NOUNS))})|({plain_alternatives(JOINED(EXERCISE_NOUNS))})",
    re.I,
)
PLAIN_SECTION = re.compile(
    f"({plain_alternatives(vocabulary.DEFAULT_READING_WORDS)})|({plain_alternatives(vocabulary.DEFAULT_EXERCISE_WORDS)})",
    re.I,
)
PLAIN_OTHER = re.compile(plain_alternatives(JOINED(vocabulary.OTHER_WORDS)), re.I)


def plain_classify_item(text: str, url: str | None) -> tuple[Section, str] | None:
    """classify_item with the earlier patterns and no short cuts."""
    text = URL_IN_TEXT.sub(" ", text)
    if PLAIN_READING_VERB.match(text):
        return Section.READINGS, "item"
    if PLAIN_EXERCISE_VERB.match(text):
        return Section.EXERCISES, "item"
    noun = PLAIN_NOUN.search(text)
    if noun is not None:
        return (Section.READINGS if noun.lastindex == 1 else Section.EXERCISES), "item"
    if url:
        host = URL_HOST.match(url)
        name = host.group(1).casefold() if host else ""
        practice = any(name == site or name.endswith("." + site) for site in vocabulary.PRACTICE_SITES)
        return (Section.EXERCISES, "link") if practice else (Section.READINGS, "link")
    return None


@QUICK
@example("see https://example.org/papers/exercises", None)  # a bare URL's words name nothing
@example("论文 a论文 and читать the Book", None)  # CJK words anywhere
@given(TEXT, st.sampled_from([None, "", "https://leetcode.com/problems/x", "https://example.org/a", "notes.md"]))
def test_items_and_headings_are_classified_as_before(text: str, url: str | None) -> None:
    assert BUILT_IN.classify_item(text, url) == plain_classify_item(text, url)
    assert Vocabulary(classify_items=False).classify_item(text, url) is None
    sections = PLAIN_SECTION.search(text)
    expected = (
        Section.OTHER if sections is None else (Section.READINGS if sections.lastindex == 1 else Section.EXERCISES)
    )
    assert BUILT_IN.classify(text) is expected
    assert BUILT_IN.names_other(text) is (PLAIN_OTHER.search(text) is not None)


def test_words_of_one_letter_in_two_cases_keep_the_longest_first() -> None:
    # "Reading" and "reading list" start with one letter in two cases and both match "reading list": the
    # longer must win, as it did when every word was one alternative, although a longer word of the first
    # case (tried first) comes before them.
    words = ["Rzzzzzzzzzzzzzzzzz", "Reading", "reading list", "\u212azzzzzzzzzzzzzzzz", "\u212aata", "kata kana"]
    pattern = re.compile(vocabulary.word_alternatives(words), re.IGNORECASE)
    assert [m.group() for m in pattern.finditer("my reading list, a kata kana")] == ["reading list", "kata kana"]


def without_short_cuts() -> AbstractContextManager[object]:
    """vocabulary's patterns as they were: every word an alternative, tried at every character (no test of
    where a word may start), week numbers looked for in text without digits too."""
    return mock.patch.multiple(
        vocabulary,
        by_first_letter=lambda alternatives: "(?:" + "|".join(pattern for _, pattern in alternatives) + ")",
        word_start=lambda boundary, anywhere: "",
        DIGIT=re.compile(""),
    )


def plain_found(words: tuple[str, ...] | list[str], gap: str, text: str) -> list[tuple[int | None, str, tuple]]:
    with without_short_cuts():
        return vocabulary.WeekNumbers.of(tuple(words), gap).found(text)


WEEK_WORD = st.tuples(
    st.sampled_from([*vocabulary.DEFAULT_WEEK_WORDS, "第{n}課", "{n}주", "Ü{n}", "ſemana", "\u212awk", "Week", "w"]),
    st.sampled_from(["upper", "title", "swap", "same"]),
).map(lambda p: p[0] if "{" in p[0] else cased(*p))
WEEK_TEXT = st.lists(
    st.one_of(
        WEEK_WORD.map(lambda w: w.replace("{nn}", "07").replace("{n}", "3")),
        st.sampled_from(
            ["3", "03", "12", "123", "7", "89", "٣", "３", " ", "_", "-", "\t", "mid", "a", "第", "周", "ſ", "Ü", "二"]
        ),
        st.text(max_size=2),
    ),
    max_size=8,
).map("".join)


@QUICK
@given(WEEK_TEXT)
@example("a第3周 and x第 7 週")  # after a letter: the week words that may follow anything
@example("Week 7")  # digits other than 0-5, alone
@example("Semana ٣ or Unit９")
def test_week_numbers_are_found_as_before(text: str) -> None:
    for gap, numbers in ((r"[ \t]*", BUILT_IN.week_in_title), (r"[ _-]?", BUILT_IN.week_in_name)):
        expected = plain_found(vocabulary.DEFAULT_WEEK_WORDS, gap, text)
        assert numbers.found(text) == expected
        assert numbers.search(text) is bool(expected)


@QUICK
@given(st.lists(WEEK_WORD, max_size=6), WEEK_TEXT)
def test_configured_week_words_are_found_as_before(words: list[str], text: str) -> None:
    for gap in (r"[ \t]*", r"[ _-]?"):
        assert vocabulary.WeekNumbers.of(tuple(words), gap).found(text) == plain_found(words, gap, text)
