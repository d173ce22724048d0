"""Every URL rule, in one place: which links `notes` follows, a bare URL in text (with balanced parentheses),
a link's target as markdown-it-py reports it, a URL scheme, and the links markdown-it-py refuses.

The readers (parse and its two block producers), the linter (check), the classifier (vocabulary) and the
launcher (`open`) judge URLs with these, so that a link one of them takes is the link the others take.
"""

from __future__ import annotations

import re

from .text import lazy_pattern

SCHEME = r"[a-zA-Z][a-zA-Z0-9+.-]*"  # RFC 3986
HAS_SCHEME = lazy_pattern(f"^{SCHEME}:")
URL_IN_TEXT = lazy_pattern(f"{SCHEME}://\\S*")  # any scheme's URL written out in text
URL_HOST = lazy_pattern(f"^{SCHEME}://(?:[^/@]*@)?([^/:?#]+)")
# A URL inside a link target that is not one itself (`notes.md#https://...`, `(see https://...)`).
EMBEDDED_URL = lazy_pattern(r"https?://[^\s)\]>\"']+")

FOLLOWABLE_SCHEMES = ("http://", "https://", "mailto:")

# A bare http(s) URL in text, and the punctuation that ends a sentence around it rather than the URL.
BARE_URL = lazy_pattern(r"https?://[^\s<>\"'`]+")
URL_TRAILING_PUNCTUATION = ".,;:!?)]}*_~"
# A URL markdown-it-py's normalizeLink and normalizeLinkText both leave as it is: lower-case scheme and host,
# no punycode, only characters neither function changes.
PLAIN_URL = lazy_pattern(
    r"(?=.{0,255}$)https?://(?!xn--)[a-z0-9-]{1,63}(?:\.(?!xn--)[a-z0-9-]{1,63})*(?:/[A-Za-z0-9/._~!$&'*+,;=:@-]*)?(?:[?#][A-Za-z0-9/._~!$&'*+,;=:@?#-]*)?"
)  # fmt: skip
# An autolink whose text markdown-it-py would write as pulldown-cmark does (no percent escape, no punycode).
PLAIN_AUTOLINK = lazy_pattern(r"(?!.*(?:%|xn--))[!-~]*", re.IGNORECASE)


def plain_autolink(destination: str) -> bool:
    """Whether markdown-it-py writes this autolink's text as it is written, as pulldown-cmark does: printable
    ASCII, no percent escape or punycode, and nothing its URL parser writes otherwise (an empty `user@`,
    brackets, a host of colons: `<https://@example.com/p>` is shown as `https://example.com/p`)."""
    if not PLAIN_AUTOLINK.fullmatch(destination):
        return False
    import mdurl  # markdown-it-py's own URL parser, imported only for a note with an autolink

    return mdurl.format(mdurl.parse(destination, slashes_denote_host=True)) == destination


BAD_LINK = lazy_pattern(r"(?:vbscript|javascript|file|data):")  # markdown-it-py's validateLink refuses these


def followable(url: str | None) -> bool:
    """A link `notes` may make clickable or hand to a browser: web or mail, printable, without spaces (so a
    `file:` or `javascript:` link, or one hiding control or bidi characters, never is)."""
    return url is not None and url.lower().startswith(FOLLOWABLE_SCHEMES) and url.isprintable() and " " not in url


def refused(destination: str) -> bool:
    """A link destination markdown-it-py refuses to make a link of (`javascript:` and the like)."""
    return BAD_LINK.match(destination.strip().lower()) is not None


def bare_url(text: str) -> str | None:
    """The first bare http(s) URL in `text`, without the punctuation that ends a sentence around it; as in
    GFM autolinks, a closing parenthesis stays when it balances an opening one (Wikipedia's `..._(topic)`)."""
    match = BARE_URL.search(text)
    if match is None:
        return None
    url = match.group()
    while url[-1] in URL_TRAILING_PUNCTUATION and not (url[-1] == ")" and url.count("(") >= url.count(")")):
        url = url[:-1]
    return url


def link_target(destination: str) -> str | None:
    """A link's target as written (`[t](destination)`), as markdown-it-py reports it: normalizeLink, then
    normalizeLinkText; None when nothing is left. A plain URL is its own target."""
    if PLAIN_URL.fullmatch(destination):
        return destination
    from markdown_it.common.normalize_url import normalizeLink  # mdurl: only links that need it pay for it

    href = normalizeLink(destination)
    return shown_target(href) if href else None


def markdown_link(text: str, url: str) -> str:
    """A Markdown link whose text and target survive brackets, spaces and parentheses."""
    text = re.sub(r"([\[\]\\])", r"\\\1", text)
    if re.search(r"[\s()<>]", url):
        url = "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return f"[{text}]({url})"


def shown_target(href: str) -> str:
    """A link's href (as markdown-it-py stores it, percent-encoded) as text to show: normalizeLinkText."""
    from markdown_it.common.normalize_url import normalizeLinkText

    return normalizeLinkText(href)
