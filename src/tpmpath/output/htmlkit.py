"""Self-contained HTML pages: the page shell, its CSS, and the only ways text and links get in.

No scripts, fonts, images or requests: inline CSS and SVG under a Content-Security-Policy that
forbids everything else. Every piece of text goes through `esc`; only http(s) URLs become links.
"""

from __future__ import annotations

import re
from html import escape

from tpmpath.core.text import is_web_url, printable

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def esc(text: object) -> str:
    """Text (or a number) made safe for HTML content and quoted attribute values."""
    return escape(printable(str(text)), quote=True)


_CODE = re.compile(r"`([^`]+)`")


def code_text(text: str) -> str:
    """Our own text, escaped, with its `commands` as code."""
    return _CODE.sub(r"<code>\1</code>", esc(text))


def link(title: str, url: str) -> str:
    """An http(s) link, or the title and URL as plain text for any other scheme."""
    if not is_web_url(url):
        return f'<span class="nolink">{esc(title)}: <code>{esc(url)}</code></span>'
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(title)}</a>'


def meter(percent: float, label: str, kind: str = "") -> str:
    """A horizontal progress bar with an accessible value."""
    width = max(0.0, min(100.0, percent))
    return (
        f'<div class="bar {kind}" role="progressbar" aria-label="{esc(label)}" '
        f'aria-valuemin="0" aria-valuemax="100" aria-valuenow="{width:g}">'
        f'<span style="width:{width:.1f}%"></span></div>'
    )


def page(title: str, body: str) -> str:
    """A whole HTML document around `body` (already escaped)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


CSS = """
:root{--ink:#1c2430;--muted:#5d6b7b;--line:#e3e8ef;--bg:#f4f6f9;--card:#fff;
--accent:#3a6fe0;--accent-soft:#e6edfb;--done:#1f9d6b;--skip:#8fb3e8;--warm:#d9822b;
--track:#e7ecf2}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:24px 16px 40px}
h1{font-size:1.65rem;line-height:1.25;margin:0 0 6px}
h2{font-size:1.1rem;margin:0 0 12px}
h3{font-size:1rem;margin:0}
p{margin:0 0 8px}
a{color:var(--accent);text-decoration-thickness:1px;text-underline-offset:2px}
h1,h2,h3,p,li,a,code,.nolink{overflow-wrap:anywhere}
td,th{overflow-wrap:break-word}
.nowrap{white-space:nowrap}
code{font:0.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--track);
padding:1px 5px;border-radius:4px}
.muted{color:var(--muted)}
.small{font-size:.875rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:18px 20px;
margin:16px 0;box-shadow:0 1px 2px rgba(20,30,50,.04)}
.hero{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:8px 24px;align-items:end}
.hero .bar{grid-column:1/-1;height:14px}
.big{font-size:2.6rem;font-weight:700;line-height:1;color:var(--accent);text-align:right}
.big small{display:block;font-size:.8rem;font-weight:500;color:var(--muted);margin-top:4px}
.since{display:inline-block;background:var(--accent-soft);color:#23458f;border-radius:999px;
padding:2px 10px;font-size:.85rem;margin-top:6px}
.bar{height:10px;background:var(--track);border-radius:999px;overflow:hidden}
.bar>span{display:block;height:100%;background:var(--accent);border-radius:inherit}
.bar.done>span{background:var(--done)}
.bar.warm>span{background:var(--warm)}
.bar.thin{height:6px}
.steps{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px;
list-style:none;margin:0;padding:0}
.step{border:1px solid var(--line);border-radius:12px;padding:14px}
.step .num{display:inline-flex;align-items:center;justify-content:center;width:26px;height:26px;
border-radius:50%;background:var(--accent-soft);color:var(--accent);font-weight:700;
font-size:.85rem;margin-bottom:6px}
.step h3{min-height:2.6em}
.step .pct{font-size:1.5rem;font-weight:700;margin:6px 0 2px}
.step .bar{margin:6px 0}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px;
align-items:start;margin:16px 0}
.cols>.card{margin:0}
ul.items,ol.items{margin:0;padding:0;list-style:none}
.items>li{padding:10px 0;border-top:1px solid var(--line)}
.items>li:first-child{border-top:0;padding-top:0}
.items .row{display:flex;gap:12px;justify-content:space-between;align-items:baseline}
.date{white-space:nowrap;color:var(--muted);font-size:.85rem;font-variant-numeric:tabular-nums}
.tag{display:inline-block;font-size:.75rem;border-radius:999px;padding:0 8px;
background:var(--track);color:var(--muted)}
.tag.done{background:#dff3ea;color:#17744f}
.note{margin:6px 0 0;padding:6px 10px;border-left:3px solid var(--line);color:#334155;
white-space:pre-line;font-size:.925rem}
details.more{margin:6px 0 0}
details.more>summary{cursor:pointer;color:var(--muted);font-size:.85rem}
.outlook ul{margin:0;padding-left:20px}
.outlook li{margin:2px 0}
.res{margin:4px 0 0;padding-left:18px;font-size:.9rem}
.nolink{color:var(--muted)}
.chart{margin:0}
.chart .plot{position:relative;padding-left:28px}
.chart .ymax,.chart .ymin{position:absolute;left:0;font-size:.75rem;color:var(--muted);
line-height:1}
.chart .ymax{top:0}
.chart .ymin{bottom:0}
.chart svg{display:block;width:100%;height:170px;background:linear-gradient(var(--line),var(--line))
0 100%/100% 1px no-repeat}
.chart .axis{display:flex;justify-content:space-between;gap:8px;font-size:.8rem;color:var(--muted);
margin-top:4px}
.chart figcaption,.skillchart figcaption{font-size:.85rem;color:var(--muted);margin-bottom:6px}
.skillchart{margin:0 0 12px}
.skillchart svg{display:block;width:100%;max-width:440px;height:auto}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:8px 6px;border-top:1px solid var(--line);vertical-align:middle}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);border-top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td .bar{min-width:48px;margin-top:4px}
footer{color:var(--muted);font-size:.8rem;text-align:center;margin-top:24px}
@media (max-width:560px){
main{padding:14px 10px 28px}
.card{padding:14px;border-radius:12px}
h1{font-size:1.35rem}
.hero{grid-template-columns:1fr}
.big{font-size:2rem;text-align:left}
.step{display:grid;grid-template-columns:auto minmax(0,1fr) auto;gap:2px 10px;align-items:center;
padding:10px 12px}
.step .num{margin:0}
.step h3{min-height:0;font-size:.95rem}
.step .pct{font-size:1.05rem;margin:0}
.step .bar,.step p.small{grid-column:1/-1;margin:4px 0 0}
.steps{gap:8px}
table.stack thead{display:none}
table.stack tr{display:block;border-top:1px solid var(--line);padding:8px 0}
table.stack td{display:flex;justify-content:space-between;align-items:center;gap:12px;border:0;
padding:3px 0;text-align:right}
table.stack td.meter{display:grid;grid-template-columns:minmax(0,1fr) auto 32%}
table.stack td::before{content:attr(data-label);color:var(--muted);font-size:.85rem;
text-align:left}
table.stack td .bar{margin:0}
}
@media print{
@page{margin:14mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}
.card{box-shadow:none;border-color:#cfd6df;margin:10px 0}
.step,.chart,.skillchart,.hero,.items>li,tr{break-inside:avoid}
h2{break-after:avoid}
.steps{grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px}
.step{padding:10px}
.step .pct{font-size:1.2rem}
a{color:var(--ink)}
a[href]::after{content:" (" attr(href) ")";font-size:.8em;color:var(--muted)}
}
"""
