"""The one filter for untrusted text: printable, one_line, and which URLs become links."""

from __future__ import annotations

import pytest

from tpmpath.core.text import is_web_url, link_host, one_line, printable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain\ttext\nnext", "plain\ttext\nnext"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("clip\x1b]52;c;Zm9v\x07board", "clip]52;c;Zm9vboard"),
        ("over\rwrite", "overwrite"),
        ("a,b\r\nc,d\r\n", "a,b\r\nc,d\r\n"),
        ("c1\x9bcontrol\x7f", "c1control"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("\u2066isolated\u2069 and \u202aembedded\u202c", "isolated and embedded"),
        ("pay\u200bpal\u200c\u200d\u2060\ufeff", "paypal"),
        (
            "\u05e9\u05dc\u05d5\u05dd caf\u00e9 \u65e5\u672c",
            "\u05e9\u05dc\u05d5\u05dd caf\u00e9 \u65e5\u672c",
        ),
    ],
)
def test_printable_drops_controls_and_invisible_characters(text: str, expected: str) -> None:
    assert printable(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" a\r\nb\tc\x1b[31m d\x00e\u2028f ", "a b c [31m d e f"),
        ("  many   spaces\n\n", "many spaces"),
        ("moc.elgoog\u202e", "moc.elgoog"),
        ("g\u200boo\u2069gle", "google"),
        ("\u2066\u2069", ""),
    ],
)
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.com/a?b=c", "example.com"),
        ("HTTP://EXAMPLE.COM", "example.com"),
        ("https://docs.google.com:443/doc", "docs.google.com"),
        ("https://[::1]:8080/x", "::1"),
        ("https://evil.example/#@docs.google.com", "evil.example"),
        ("https://evil.example/?u=@docs.google.com", "evil.example"),
        ("https://m\u00fcnchen.de/", "m\u00fcnchen.de"),
        # Not links: other schemes, no host, controls and spaces.
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("file:///etc/passwd", None),
        ("//example.com/x", None),
        ("https://", None),
        ("https:///x", None),
        ("https://exa mple.com", None),
        ("https://[::1", None),
        ("https://example.com:port/", None),
        ("", None),
        (None, None),
        # Where a browser and urlsplit disagree on the host, or the host hides something.
        ("https://evil.example\\@docs.google.com/doc", None),
        ("https://evil.example\\docs.google.com/doc", None),
        ("https://user@docs.google.com/", None),
        ("https://user:secret@docs.google.com/", None),
        ("https://docs.google.com@evil.example/", None),
        ("https://docs.google.com%2eevil.example/", None),
        ("https://evil\u202e.example/", None),
        ("https://docs.google.com\u200b.evil.example/", None),
        ("https://e.com/\ufeff", None),
        ("https://e.com/\x1b]8;;x\x07", None),
        ("https://e.com/\x85", None),
    ],
)
def test_link_host_and_is_web_url(url: str | None, host: str | None) -> None:
    assert link_host(url) == host
    assert is_web_url(url) is (host is not None)
