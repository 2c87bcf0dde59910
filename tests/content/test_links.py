"""Links resolve from the article they are in: its own site, its own folder, the library.

None of this Markdown comes from cancer.gov: a WHO-style fact sheet on who.int, a hospital's pages
linking each other by site path and by address, and a docs folder of pages linking each other by
file name (with and without ``.md``, with anchors, across folders), as such writers write them.
"""

from __future__ import annotations

import time
from pathlib import Path

from mbc_reader import cli
from mbc_reader.content import repair
from mbc_reader.content.catalog import load_library_cached
from mbc_reader.content.links import LinkResolver
from mbc_reader.content.loader import load_library
from mbc_reader.content.render import render_article, render_body


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def targets(article) -> dict[str, str]:
    return {link.text: link.target for link in article.links}


def warnings(library, path: Path) -> list[str]:
    return [p.message for p in library.problems if p.file == path]


# --- a WHO-style fact sheet --------------------------------------------------------------------

WHO = """---
title: Cervical cancer
url: https://www.who.int/news-room/fact-sheets/detail/cervical-cancer
source: World Health Organization
license: CC BY-NC-SA 3.0 IGO
---

# Cervical cancer

## Key facts

- Cervical cancer is the fourth most common cancer in women globally.
- Nearly all cervical cancer cases (99%) are linked to infection with high-risk human papillomaviruses.

## WHO response

The [Global Strategy to Accelerate the Elimination of Cervical Cancer](/publications/i/item/9789240014107)
sets targets for 2030. See also the [HPV vaccine position paper][hpv], the [fact sheet on cancer][1]
and [WHO's cancer programme](/health-topics/cancer#tab=tab_1).

[hpv]: /publications/i/item/who-wer9750 "Human papillomavirus vaccines: WHO position paper"
[1]: <https://www.who.int/news-room/fact-sheets/detail/cancer>
"""


def test_a_who_fact_sheet_links_to_who_not_cancer_gov(tmp_path):
    folder = tmp_path / "content"
    write(folder, "cervical-cancer.md", WHO)
    library = load_library(folder)
    (article,) = library.articles
    links = targets(article)
    assert links["Global Strategy to Accelerate the Elimination of Cervical Cancer"] == (
        "https://www.who.int/publications/i/item/9789240014107"
    )
    assert links["HPV vaccine position paper"] == "https://www.who.int/publications/i/item/who-wer9750"
    assert links["fact sheet on cancer"] == "https://www.who.int/news-room/fact-sheets/detail/cancer"
    assert links["WHO's cancer programme"] == "https://www.who.int/health-topics/cancer#tab=tab_1"
    html = render_article(article)
    assert "cancer.gov" not in html and "[hpv]" not in html and "[1]" not in html
    assert 'href="https://www.who.int/publications/i/item/who-wer9750"' in html
    assert library.problems == []


def test_a_dictionary_path_on_another_site_is_that_sites_page(tmp_path):
    folder = tmp_path / "content"
    write(folder, "who.md", WHO.replace("[WHO's cancer programme](/health-topics/cancer#tab=tab_1)",
                                        "[a word](/publications/dictionaries/cancer-terms/def/46328)"))  # fmt: skip
    (article,) = load_library(folder).articles
    assert targets(article)["a word"] == "https://www.who.int/publications/dictionaries/cancer-terms/def/46328"
    assert article.glossary_refs == ()


# --- a hospital's pages, linking each other ------------------------------------------------------

HOSPITAL = {
    "visiting.md": """---
title: Visiting the oncology ward
url: https://www.stmarys-hospital.example/oncology/visiting
source: St Mary's Hospital
---

Visiting hours are 10am to 8pm. Questions? Use [our contact page](/contact) or call the
[ward sister](https://www.stmarys-hospital.example/oncology/staff/). Parking is described on the
[car park page](/getting-here/parking), and directions in [how to find us](directions.html).

Before your first chemotherapy, read [what to bring](what-to-bring).
""",
    "contact.md": """---
title: Contact us
url: https://www.stmarys-hospital.example/contact
source: St Mary's Hospital
---

Switchboard: 01632 960000. [Back to visiting](/oncology/visiting/), [email us](mailto:onc@stmarys-hospital.example).
""",
    "staff.md": """---
title: Our staff
url: https://stmarys-hospital.example/oncology/staff
---

The ward team. [Visiting](visiting) times are on their own page.
""",
    "what-to-bring.md": """---
title: What to bring
url: https://www.stmarys-hospital.example/oncology/what-to-bring
source: St Mary's Hospital
---

A list of medicines, something to read, a snack.
""",
}


def test_a_hospitals_pages_link_each_other_in_the_app(tmp_path):
    folder = tmp_path / "content"
    for name, text in HOSPITAL.items():
        write(folder, name, text)
    library = load_library(folder)
    visiting = targets(library.get("visiting"))
    assert visiting["our contact page"] == "article:contact"
    assert visiting["ward sister"] == "article:staff"  # www. or not, trailing slash or not
    assert visiting["car park page"] == "https://www.stmarys-hospital.example/getting-here/parking"
    assert visiting["how to find us"] == "https://www.stmarys-hospital.example/oncology/directions.html"
    assert visiting["what to bring"] == "article:what-to-bring"  # relative to the page's address
    contact = targets(library.get("contact"))
    assert contact["Back to visiting"] == "article:visiting"
    assert contact["email us"] == "mailto:onc@stmarys-hospital.example"
    assert targets(library.get("staff"))["Visiting"] == "article:visiting"  # the file beside it
    for article in library.articles:
        assert "cancer.gov" not in render_article(article)
    assert library.problems == []


# --- a docs folder of linked pages ---------------------------------------------------------------

DOCS = {
    "docs/index.md": """---
title: Patient leaflets
---

# Patient leaflets

- [Screening leaflet](screening-leaflet.md)
- [Which tests?](screening-leaflet.md#tests)
- [After surgery](guides/after-surgery)
- [Old leaflet](old-leaflet.md)
- [Contact](/contact)
- [Intro A](a/intro.md) and [Intro B](./b/intro.md#start)
- See the [leaflet, by reference][leaflet].

[leaflet]: screening-leaflet.md#tests
""",
    "docs/screening-leaflet.md": """---
title: Screening leaflet
---

## Tests

Ask about [recovery](guides/after-surgery.md#first-week). Back to the [list](index.md).
""",
    "docs/guides/after-surgery.md": """---
title: After surgery
---

## First week

Rest. See the [screening leaflet](../screening-leaflet.md) and [the missing page](../nowhere.md#x),
and [the password file](../../../../etc/passwd.md).
""",
    "docs/a/intro.md": "---\ntitle: Intro A\n---\n\nA.\n",
    "docs/b/intro.md": "---\ntitle: Intro B\n---\n\n## Start\n\nB.\n",
}


def _docs(tmp_path) -> tuple[Path, object]:
    folder = tmp_path / "content"
    for name, text in DOCS.items():
        write(folder, name, text)
    return folder, load_library(folder)


def test_links_to_files_of_the_library_open_them_in_the_app(tmp_path):
    folder, library = _docs(tmp_path)
    index = targets(library.get("index"))
    assert index["Screening leaflet"] == "article:screening-leaflet"
    assert index["Which tests?"] == "article:screening-leaflet#tests"
    assert index["After surgery"] == "article:after-surgery"
    assert index["Intro A"] == "article:docs/a/intro" and index["Intro B"] == "article:docs/b/intro#start"
    assert index["leaflet, by reference"] == "article:screening-leaflet#tests"
    leaflet = targets(library.get("screening-leaflet"))
    assert leaflet == {"recovery": "article:after-surgery#first-week", "list": "article:index"}
    assert targets(library.get("after-surgery")) == {"screening leaflet": "article:screening-leaflet"}
    html = render_body(library.get("index"))
    assert 'href="article:screening-leaflet#tests"' in html and "old-leaflet" not in html


def test_a_link_to_a_file_that_is_not_there_is_a_warning_naming_article_and_target(tmp_path, capsys):
    folder, library = _docs(tmp_path)
    index = warnings(library, folder / "docs/index.md")
    assert any("'Old leaflet'" in m and "'old-leaflet.md', which is not in the content folder" in m for m in index)
    assert any("'Contact'" in m and "'/contact'" in m and "url:" in m for m in index), index
    guide = warnings(library, folder / "docs/guides/after-surgery.md")
    assert any("'../nowhere.md#x', which is not in the content folder" in m for m in guide), guide
    assert any("'../../../../etc/passwd.md', which is outside the content folder" in m for m in guide), guide
    assert "Old leaflet" in library.get("index").body  # the words stay

    code = cli.main(["check", "--content", str(folder)])
    out = capsys.readouterr().out
    assert code == 0  # warnings, not errors
    assert "docs/index.md" in out and "old-leaflet.md" in out and "[missing-link-target]" in out
    assert "Links shown as text only: 4 in 2 files (3 to files that are not in the content folder)" in out


def test_a_link_to_a_file_that_cannot_be_read_says_so(tmp_path):
    folder = tmp_path / "content"
    write(folder, "a.md", "---\ntitle: A\n---\n\nSee [the draft](draft.md).\n")
    write(folder, "draft.md", "no front matter yet\n")
    library = load_library(folder)
    (message,) = warnings(library, folder / "a.md")
    assert "'draft.md', which cannot be shown (see that file's own problem)" in message
    assert targets(library.get("a")) == {}


def test_the_catalog_reads_texts_back_with_the_same_links(tmp_path):
    folder, fresh = _docs(tmp_path)
    for name, text in HOSPITAL.items():
        write(folder, name, text)
    fresh = load_library(folder)
    cache = tmp_path / "cache"
    load_library_cached([folder], cache_dir=cache)
    cached = load_library_cached([folder], cache_dir=cache)
    for article in fresh.articles:
        assert cached.get(article.id).body == article.body, article.id


# --- reference-style links, and the rules' edges -------------------------------------------------


def fix(body: str, resolver=lambda _p: None) -> repair.RepairResult:
    return repair.repair(body, "Title", resolver)


def test_reference_style_links_to_site_paths_get_their_address():
    result = fix("See [the page][p], [Page][] and [p], not [undefined][nope] or `[p]`.\n\n[p]: /types/lung\n")
    assert result.markdown.count("(<https://www.cancer.gov/types/lung>)") == 2
    assert "[p](<https://www.cancer.gov/types/lung>)" in result.markdown
    assert "[undefined][nope]" in result.markdown and "`[p]`" in result.markdown
    assert "[p]: /types/lung" not in result.markdown


def test_reference_style_dictionary_links_and_images():
    result = fix("A [lymph node][ln] here.\n\n![A drawing][img]\n\n[ln]: /publications/dictionaries/cancer-terms/def/45762\n"
                 "[img]: media/drawing.png\n")  # fmt: skip
    assert [(r.term_id, r.text) for r in result.glossary_refs] == [("45762", "lymph node")]
    assert [f.src for f in result.figures] == ["media/drawing.png"]


def test_footnotes_are_not_references():
    result = fix("A claim.[^1]\n\n[^1]: The source of the claim.\n")
    assert "[^1]: The source of the claim." in result.markdown


def test_unsafe_and_unplaceable_links_are_reported():
    resolver = LinkResolver(site=None)
    result = fix("[a](javascript:alert(1)) [b](/somewhere) [c](file:///etc/passwd) [d](https://www.who.int/x)\n",
                 resolver)  # fmt: skip
    assert [(d.text, d.url) for d in result.dropped] == [
        ("a", "javascript:alert(1"), ("b", "/somewhere"), ("c", "file:///etc/passwd")]  # fmt: skip
    assert [link.target for link in result.links] == ["https://www.who.int/x"]


def test_an_nci_page_without_an_address_still_links_to_cancer_gov(tmp_path):
    folder = tmp_path / "content"
    write(folder, "p.md", "---\ntitle: P\nsource: NCI\n---\n\nSee [lung cancer](/types/lung).\n")
    (article,) = load_library(folder).articles
    assert targets(article) == {"lung cancer": "https://www.cancer.gov/types/lung"}


def test_reference_rules_run_in_linear_time():
    floods = [
        "[a]" * 20_000 + "\n\n[a]: /x\n",
        "[a][" * 20_000 + "\n\n[a]: /x\n",
        "[" * 20_000 + "]:" + "\n\n[a]: /x\n",
        "\n".join(["[x]: /y " + "\t" * 50] * 4_000) + "\n\ntext [x]\n",
    ]
    for body in floods:
        start = time.perf_counter()
        fix(body)
        assert time.perf_counter() - start < 3, body[:20]
