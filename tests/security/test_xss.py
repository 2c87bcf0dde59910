"""Real attack strings (OWASP XSS filter-evasion cheat sheet and friends) in article content.

Each goes through the whole pipeline (file -> loader -> repair -> render -> sanitiser) in raw HTML,
in Markdown link and image syntax, in headings and in the front matter. Whatever survives must
pass ``assert_safe_html(strict=True)``: only our tags, no handlers, only in-app or web links.
"""

from __future__ import annotations

import pytest
from safety import article_from, assert_safe_html, check_article, load_text, tags_of, text_of

from mbc_reader.content.render import render_article, sanitize, section_texts

JS = "javascript:alert('XSS')"
SCHEME_VARIANTS = [
    JS,
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "jav\tascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "jav&#x0D;ascript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)",
    "&#14;  javascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "livescript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "FILE://localhost/etc/shadow",
    "file:C:/Windows/win.ini",
    "\\\\evil.example\\share\\x.png",
    "//evil.example/x.js",
]

RAW_HTML = [
    "<script>alert('XSS')</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script/xss src=http://evil.example/xss.js></script>",
    "<script src=//evil.example/.j>",
    "<<SCRIPT>alert('XSS');//\\<</SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<SCRIPT SRC="http://evil.example/xss.js"?< B >',
    "</TITLE><SCRIPT>alert('XSS');</SCRIPT>",
    '<IMG SRC="javascript:alert(\'XSS\');">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x onerror=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
    '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
    "<svg onload=alert(1)>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<BODY ONLOAD=alert('XSS')>",
    '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    '<BGSOUND SRC="javascript:alert(\'XSS\');">',
    '<BR SIZE="&{alert(\'XSS\')}">',
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "<STYLE>@import'http://evil.example/xss.css';</STYLE>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">x</DIV>',
    '<DIV STYLE="width: expression(alert(\'XSS\'));">x</DIV>',
    '<P STYLE="behavior: url(www.evil.example);">x</P>',
    "<XSS STYLE=\"xss:expression(alert('XSS'))\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    '<META HTTP-EQUIV="Link" Content="<http://evil.example/xss.css>; REL=stylesheet">',
    '<IFRAME SRC="javascript:alert(\'XSS\');"></IFRAME>',
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    '<FRAMESET><FRAME SRC="javascript:alert(\'XSS\');"></FRAMESET>',
    '<TABLE BACKGROUND="javascript:alert(\'XSS\')"><TR><TD BACKGROUND="javascript:alert(1)">x</TD></TR></TABLE>',
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://evil.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48L3N2Zz4=" AllowScriptAccess="always"></EMBED>',
    '<BASE HREF="javascript:alert(\'XSS\');//">',
    '<base href="http://evil.example/">',
    '<FORM ACTION="javascript:alert(1)"><INPUT TYPE=submit></FORM>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="https://ok.example" title="javascript:alert(1)" class="vbscript:x" id="data:x">x</a>',
    '<a href="https://ok.example" onclick="alert(1)" onmouseover=alert(1) style="color:red">x</a>',
    '<a href="\\\\evil\\share">x</a>',
    "<!-- <script>alert(1)</script> -->",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml-stylesheet href=\"javascript:alert(1)\"?>",
    '<div markdown="1">[x](javascript:alert(1)) <script>alert(1)</script></div>',
    '<span class="glossary" onclick="alert(1)">x</span>',
    '<h2 id="javascript:alert(1)" onclick="x">Heading</h2>',
    '<td background="javascript:alert(1)" bgcolor="javascript:x">x</td>',
    '<img src="figure:0" onerror="alert(1)">',
    '<img src="figure:0 javascript:alert(1)">',
]

MARKDOWN = [
    *[f"[click]({url})" for url in SCHEME_VARIANTS],
    *[f"[click](<{url}>)" for url in SCHEME_VARIANTS],
    *[f'[click]({url} "title")' for url in SCHEME_VARIANTS],
    *[f"![picture]({url})" for url in SCHEME_VARIANTS],
    *[f"Text ![inline]({url}) text" for url in SCHEME_VARIANTS],
    *[f"[![card](/img.jpg) Card title]({url})" for url in SCHEME_VARIANTS],
    *[f"[ref][1]\n\n[1]: {url}" for url in SCHEME_VARIANTS],
    *[f"![ref][1]\n\n[1]: {url}" for url in SCHEME_VARIANTS],
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "[x](javascript:alert(1)){: onclick=alert(1) }",
    "![x](figure:0){: onerror=alert(1) }",
    "[x](https://ok.example){: onclick='alert(1)' href='javascript:alert(1)' }",
    "## Heading {onclick=alert(1)}",
    "## Heading {: onclick=\"alert(1)\" }",
    "## Heading {: #x onmouseover=alert(1) .y }",
    "### Heading {#javascript:alert(1)}",
    "Paragraph\n{: onclick=\"alert(1)\" style=\"x\" }",
    "* item\n{: onclick=alert(1) }",
    "Term\n:   Definition <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    "Footnote[^1]\n\n[^1]: [x](javascript:alert(1))",
    "{{figure:0}}",
    "{{figure:99999}}",
    '[x](https://ok.example "javascript:alert(1)")',
]


@pytest.mark.parametrize("attack", RAW_HTML + MARKDOWN)
def test_attack_in_the_body_is_neutralised(tmp_path, attack):
    article, _ = article_from(tmp_path / "content", f"Before.\n\n{attack}\n\nAfter {attack} after.\n")
    html = check_article(article, strict=True)
    for _tag, attrs in tags_of(html):  # the payload may remain as visible text, never as markup
        assert not any("alert(" in (v or "") or "msgbox(" in (v or "") for _, v in attrs), attrs
    assert "Before." in html
    if not ("<table>" in attack.lower() and "</table>" not in attack.lower()):  # HTML's own table rules aside,
        assert "After" in html  # an unclosed <script>/<style>/<iframe>/<svg> swallows nothing after it


@pytest.mark.parametrize("attack", RAW_HTML[:12] + SCHEME_VARIANTS)
def test_attack_in_a_heading_or_link_text_is_neutralised(tmp_path, attack):
    body = f"## {attack}\n\nText.\n\n[{attack}](https://www.cancer.gov/x)\n\n[![{attack}](/a.jpg) {attack}](/x)\n"
    article, _ = article_from(tmp_path / "content", body)
    check_article(article, strict=True)
    for section in article.flat_sections():
        assert "<" not in section.anchor and ":" not in section.anchor


@pytest.mark.parametrize("field", ["title", "url", "lastReviewed", "language", "status", "audienceLevel", "version"])
@pytest.mark.parametrize("attack", [RAW_HTML[0], RAW_HTML[17], RAW_HTML[52], JS, "file:///etc/passwd"])
def test_attack_in_the_front_matter_is_neutralised(tmp_path, field, attack):
    quoted = attack.replace("'", "''")
    title = "" if field == "title" else "title: Safe\n"
    library = load_text(tmp_path / "content", f"---\n{title}{field}: '{quoted}'\n---\n\n# Heading\n\nText.\n")
    for article in library.articles:
        check_article(article, strict=True)


def test_script_text_never_reaches_the_search_text(tmp_path):
    body = "<script>var secret = 'scriptword';</script>\n\n<style>.stylename {}</style>\n\nVisible words.\n"
    article, _ = article_from(tmp_path / "content", body)
    text = " ".join(s.title + " " + s.text for s in section_texts(article))
    assert "Visible words." in text
    assert "scriptword" not in text and "stylename" not in text


def test_sanitiser_alone_keeps_only_the_allow_list():
    for attack in RAW_HTML:
        assert_safe_html(sanitize(attack), strict=True)


def test_well_formed_markdown_leaves_no_link_residue(tmp_path):
    body = (
        "See [the guide](https://www.cancer.gov/about-cancer) and [**chemo**](/publications/dictionaries/cancer-terms/def/45214).\n\n"
        "[![A card](/images/card.jpg) Card title\n\nCard text](/types/breast)\n\n"
        "[Card without a picture\n\nIts text.](/news-events/blog/2022/x)\n\n"
        "![A picture](/images/pic.jpg)\n\nCaption text.\n\nCredit: Someone\n\n"
        "[Bad](javascript:alert(1)) and [worse](file:///etc/passwd) and [data](data:text/html,x).\n"
    )
    article, _ = article_from(tmp_path / "content", body)
    html = render_article(article)
    visible = text_of(html)
    assert "](" not in visible and "[![" not in visible
    # Link texts stay, unsafe targets go. (A target holding parentheses leaves its last ")" behind.)
    assert "Bad) and worse and data." in " ".join(visible.split())
    assert "javascript" not in visible and "passwd" not in visible
    assert "Card without a picture — Its text." in visible  # a link card spanning paragraphs: one link
