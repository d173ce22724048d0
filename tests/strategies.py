"""Hypothesis strategies shared by the property tests: Markdown documents built from task-list blocks, near misses
included, in every line ending, with and without front matter, a final newline and a BOM."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(["Readings", "Exercises", "Homework", "notes", "Week 3", "*em*", "`code`", "[link](u)", "x"])
BULLETS = st.sampled_from(["-", "*", "+", "1.", "2)", "10."])
BOXES = st.sampled_from(["[ ] ", "[x] ", "[X] ", "[ ]\t", "[]", "[ x] ", "[  ] ", "[ ]", "", "[x]", "[-] ", "[/]\t"])
INDENTS = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "  \t"])


def text(min_size: int = 0) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=min_size, max_size=4).map(" ".join)


def list_item() -> st.SearchStrategy[list[str]]:
    return st.tuples(INDENTS, BULLETS, st.sampled_from([" ", "  ", "\t"]), BOXES, text(), st.booleans()).map(
        lambda p: [f"{p[0]}{p[1]}{p[2]}{p[3]}{p[4]}"] + (["  continued " + p[4]] if p[5] else [])
    )


BLOCKS = st.one_of(
    st.tuples(st.integers(1, 6), text(1)).map(lambda p: ["#" * p[0] + " " + p[1]]),
    text(1).map(lambda t: [t, "=" * 3]),
    text(1).map(lambda t: [t]),
    st.just([""]),
    st.just(["---"]),
    st.lists(list_item(), min_size=1, max_size=4).map(lambda items: [line for item in items for line in item]),
    st.lists(list_item(), min_size=1, max_size=4).map(lambda items: [line for item in items for line in item]),
    st.tuples(st.sampled_from(["> ", ">", "> > "]), list_item()).map(lambda p: [p[0] + line for line in p[1]]),
    st.tuples(st.sampled_from(["```", "~~~", "````"]), list_item(), st.booleans()).map(
        lambda p: [p[0], *p[1]] + ([p[0]] if p[2] else [])
    ),
    list_item().map(lambda lines: ["    " + line for line in lines]),
    st.tuples(st.sampled_from(["<div>", "<details>", "<!--"]), list_item()).map(lambda p: [p[0], *p[1], ""]),
)


@st.composite
def documents(draw) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", f"title: Course - Week {draw(st.integers(0, 20))}", "---"]
    for block in draw(st.lists(BLOCKS, max_size=12)):
        lines += block
    endings = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    out = []
    for line in lines:
        ending = draw(st.sampled_from(["\n", "\r\n", "\r"])) if endings == "mixed" else endings
        out.append(line + ending)
    document = "".join(out)
    if draw(st.booleans()):
        document = document.rstrip("\r\n")
    if draw(st.booleans()):
        document = "\ufeff" + document
    return document
