"""Pure: the one filter for untrusted text (titles, notes, file names, links) on its way out.

Terminal, Markdown, HTML and CSV output all pass text through here; JSON keeps the data as it is
and escapes it instead.
"""

from __future__ import annotations

import re

# C0 controls but tab, newline and CR, DEL, and C1 controls: from a title or a note they could
# drive the terminal (colours, window titles, OSC 52 clipboard writes, hyperlinks).
_CONTROL_CODES = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]
# Bidi embeddings, overrides and isolates, and zero-width characters: invisible, they make text
# read otherwise than it is ("Trojan Source": `moc.elgoog` shown as `google.com`, `pay\u200bpal`).
INVISIBLE = (0x200B, 0x200C, 0x200D, *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF)

_PRINTABLE = dict.fromkeys([*_CONTROL_CODES, *INVISIBLE])
_ONE_LINE = {**dict.fromkeys([*_CONTROL_CODES, 0x09, 0x0A, 0x0D], " "), **dict.fromkeys(INVISIBLE)}
_LONE_CR = re.compile(r"\r(?!\n)")
# What no link may contain: controls, spaces, invisible characters, and a backslash (a browser
# reads `\` as `/`, Python's urlsplit does not: they would disagree on the host).
_NOT_IN_LINKS = re.compile(
    "[\\x00-\\x20\\x7f-\\x9f\\\\" + "".join(f"\\u{code:04x}" for code in INVISIBLE) + "]"
)
# WHATWG's forbidden domain code points that urlsplit leaves in a host (a browser refuses them or
# percent-decodes `%`, so the host shown would not be the host visited).
_NOT_IN_HOSTS = re.compile(r"[%<>^|]")


def printable(text: str) -> str:
    """Text safe to show: control and invisible characters removed (tab, newline, CRLF kept)."""
    # A CR is kept only before a newline (CSV's CRLF), never alone, where it would overwrite the
    # line shown.
    text = text.translate(_PRINTABLE)
    return _LONE_CR.sub("", text) if "\r" in text else text


def one_line(text: str) -> str:
    """Text on one line: whitespace and controls become single spaces, invisibles are dropped."""
    return " ".join(text.translate(_ONE_LINE).split())


def link_host(url: str | None) -> str | None:
    """The host an http(s) URL leads to, or None when tpmpath must not make a link of it.

    Refused: other schemes, no host, userinfo (`https://evil.example\\@docs.google.com` would be
    labelled with the wrong host), backslashes, controls, spaces and invisible characters.
    """
    if not url or _NOT_IN_LINKS.search(url):
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # a port that is not a number: a browser refuses the URL
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    return None if _NOT_IN_HOSTS.search(host) else host


def is_web_url(url: str | None) -> bool:
    """Only http(s) URLs with a plain host become links; anything else is shown as text."""
    return link_host(url) is not None
