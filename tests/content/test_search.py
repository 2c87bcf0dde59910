"""Search behaviour on small libraries written for each test, and on the bundled seed."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbc_reader.content.library import open_library
from mbc_reader.content.search import SearchResponse, open_searcher
from mbc_reader.content.search.synonyms import key_of, phrase_words

SEED_SYMPTOMS = "what-are-the-symptoms-of-metastatic-breast-cancer"
SEED_PROGNOSIS = "what-is-the-prognosis-for-people-with-metastatic-breast-cancer"
SEED_TREATMENT = "how-is-metastatic-breast-cancer-treated"


@pytest.fixture
def searcher_for(tmp_path):
    """Open a searcher on a content folder (index in the test's own folder)."""
    opened = []

    def make(folder=None):
        library = open_library([folder or tmp_path / "content"])
        searcher = open_searcher(library, index_dir=tmp_path / "index")
        opened.append(searcher)
        return searcher

    yield make
    for searcher in opened:
        searcher.close()


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_searcher(tmp_path_factory):
    library = open_library([SEEDS])
    searcher = open_searcher(library, index_dir=tmp_path_factory.mktemp("seed-index"))
    yield searcher
    searcher.close()


def ids(response: SearchResponse) -> list[str]:
    return [hit.article_id for hit in response.results]


def places(response: SearchResponse) -> list[tuple[str, str]]:
    return [(hit.article_id, hit.anchor) for hit in response.results]


# --- the bundled seed (the contract) --------------------------------------------------


@pytest.mark.parametrize(
    ("query", "anchor"),
    [("fractures", SEED_SYMPTOMS), ("survival rate", SEED_PROGNOSIS), ("hormone therapy", SEED_TREATMENT)],
)
def test_seed_queries_put_the_right_section_first(seed_searcher, query, anchor):
    first = seed_searcher.search(query).results[0]
    assert (first.article_id, first.anchor) == ("000_af7ffd754fc95063", anchor)


def test_seed_glossary_terms_are_searchable_by_name(seed_searcher):
    response = seed_searcher.search("what does lymph node mean")
    assert response.results[0].article_id == "glossary:45762"
    assert response.results[0].section == "Dictionary"
    assert response.results[0].title == "lymph node"


def test_glossary_terms_do_not_outrank_the_article_unless_asked(seed_searcher):
    assert not seed_searcher.search("hormone therapy").results[0].article_id.startswith("glossary:")


def test_response_json_has_exactly_the_contract_keys(seed_searcher):
    data = seed_searcher.search("fractures", limit=3).to_json()
    assert list(data) == ["query", "total", "suggestion", "results", "corrected_query", "also_searched"]
    assert data["query"] == "fractures" and data["suggestion"] is None and data["total"] >= 1
    assert data["corrected_query"] is None and data["also_searched"] == []
    for hit in data["results"]:
        assert list(hit) == ["article_id", "title", "section", "anchor", "snippet", "score", "sections"]
        assert isinstance(hit["score"], float)
        for section in hit["sections"]:
            assert list(section) == ["section", "anchor", "snippet", "score"]
    json.dumps(data)


# --- ranking ------------------------------------------------------------------------------------


def test_a_heading_match_ranks_above_body_text(write_article, searcher_for):
    write_article("a.md", "## Diet\n\nPeople with fatigue should eat well and rest often.\n", title="Living well")
    write_article("b.md", "## Fatigue\n\nFeeling tired is common during treatment.\n", title="Side notes")
    response = searcher_for().search("fatigue")
    assert ids(response)[:2] == ["b", "a"]


def test_a_title_match_ranks_above_body_text(write_article, searcher_for):
    write_article("a.md", "## Signs\n\nA melanoma mole can change shape and colour.\n", title="Skin checks")
    write_article("b.md", "## Overview\n\nA cancer of the skin's pigment cells.\n", title="Melanoma")
    assert ids(searcher_for().search("melanoma"))[:2] == ["b", "a"]


def test_sections_of_one_article_fold_under_its_best_one(write_article, searcher_for):
    body = "".join(f"## Part {i}\n\nNausea is discussed here, nausea again, part {i}.\n\n" for i in range(8))
    write_article("many.md", body, title="Nausea handbook")
    write_article("other.md", "## Tips\n\nGinger may ease nausea for some people.\n", title="Tips")
    response = searcher_for().search("nausea")
    assert sorted(ids(response)) == ["many", "other"]  # one row per article
    many = response.results[ids(response).index("many")]
    assert 1 <= len(many.sections) <= 3
    anchors = [many.anchor] + [s.anchor for s in many.sections]
    assert len(set(anchors)) == len(anchors)
    assert all(s.score <= many.score for s in many.sections)
    assert response.total == 9


def test_and_first_then_or_when_few_sections_have_every_word(write_article, searcher_for):
    write_article("a.md", "## One\n\nAlpha words only.\n\n## Two\n\nAlpha and beta together.\n")
    write_article("b.md", "## Three\n\nBeta words only.\n")
    searcher = searcher_for()
    both = searcher.search("alpha beta ")
    assert places(both)[0] == ("a", "two")  # every word first; so few that one-word sections follow
    assert ids(both) == ["a", "b"]
    write_article("a.md", "## One\n\nAlpha words only.\n")
    searcher = searcher_for()
    either = searcher.search("alpha beta ")
    assert sorted(ids(either)) == ["a", "b"]


# --- words: stems, prefixes, phrases, accents, Spanish ------------------------------------------


def test_stemming_matches_other_forms_of_a_word(write_article, searcher_for):
    write_article("a.md", "## Bones\n\nThe bone fractured in two places.\n")
    write_article("b.md", "## Care\n\nSeveral treatments are available.\n")
    searcher = searcher_for()
    assert ids(searcher.search("fracture ")) == ["a"]
    assert ids(searcher.search("treatment ")) == ["b"]


def test_the_last_word_is_a_prefix_while_it_is_typed(write_article, searcher_for):
    write_article("a.md", "## Spread\n\nMetastatic disease has spread.\n")
    searcher = searcher_for()
    assert ids(searcher.search("metas")) == ["a"]
    assert ids(searcher.search("spread metas")) == ["a"]
    assert ids(searcher.search("metas ")) == []  # a finished word is a whole word


def test_quoted_phrases_must_appear_in_order(write_article, searcher_for):
    write_article("a.md", "## Nodes\n\nCancer spread to the lymph nodes near the arm.\n")
    write_article("b.md", "## Other\n\nThe nodes were checked, and the lymph fluid too.\n")
    searcher = searcher_for()
    assert sorted(ids(searcher.search("lymph nodes"))) == ["a", "b"]
    response = searcher.search('"lymph nodes"')
    assert ids(response) == ["a"]
    assert response.total == 1
    assert ids(searcher.search('"nodes lymph"')) == []


def test_accents_and_case_are_folded(write_article, searcher_for):
    write_article("es.md", "## El hígado\n\nEl cáncer de HÍGADO es frecuente.\n", language="es", title="Cáncer")
    searcher = searcher_for()
    assert ids(searcher.search("higado")) == ["es"]
    assert ids(searcher.search("HIGADO ")) == ["es"]
    assert ids(searcher.search("cancer de higado")) == ["es"]


def test_spanish_words_are_stemmed_as_spanish(write_article, searcher_for):
    write_article("es.md", "## Opciones\n\nEl tratamiento depende del estadio.\n", language="es", title="Opciones")
    write_article("en.md", "## Options\n\nThe treated patients did well.\n", title="Options")
    searcher = searcher_for()
    assert ids(searcher.search("tratamientos ")) == ["es"]
    assert ids(searcher.search("treating ")) == ["en"]


def test_snippets_highlight_matched_words_and_escape_the_rest(write_article, searcher_for):
    write_article("a.md", "## Signs\n\nIf x &lt; y then fractures &amp; pain may follow.\n")
    snippet = searcher_for().search("fracture").results[0].snippet
    assert "<b>fractures</b>" in snippet
    assert "&lt;" in snippet and "&amp;" in snippet
    without_bold = snippet.replace("<b>", "").replace("</b>", "")
    assert "<" not in without_bold and ">" not in without_bold


def test_snippets_of_long_sections_show_the_match(write_article, searcher_for):
    filler = "Words about other things entirely. " * 2000
    write_article("a.md", f"## Long\n\n{filler}Then a rare needle word appears.\n")
    response = searcher_for().search("needle")
    snippet = response.results[0].snippet
    assert "<b>needle</b>" in snippet
    assert len(snippet) < 400


# --- did you mean --------------------------------------------------------------------------------


def test_a_misspelling_that_finds_nothing_shows_the_correction_s_results(write_article, searcher_for):
    write_article("a.md", "## Spread\n\nMetastatic cancer has spread. Metastatic disease is treated.\n")
    searcher = searcher_for()
    response = searcher.search("metastatc")
    assert response.corrected_query == "metastatic" and response.suggestion is None
    assert ids(response) == ["a"] and response.total == 1
    assert "<b>Metastatic</b>" in response.results[0].snippet
    plain = searcher.search("metastatic")
    assert plain.suggestion is None and plain.corrected_query is None


def test_a_quoted_word_is_never_corrected(write_article, searcher_for):
    write_article("a.md", "## Spread\n\nMetastatic cancer has spread. Metastatic disease is treated.\n")
    response = searcher_for().search('"metastatc"')
    assert response.results == [] and response.corrected_query is None and response.suggestion is None


def test_a_word_found_nowhere_is_corrected_even_when_the_others_find_something(write_article, searcher_for):
    write_article("a.md", "## Radiation therapy\n\nRadiation therapy uses high-energy rays.\n")
    write_article("b.md", "## Other therapy\n\nTalk therapy helps some people.\n")
    response = searcher_for().search("radiaton therapy ")
    assert response.corrected_query == "radiation therapy"
    assert ids(response)[0] == "a"


def test_a_rare_spelling_that_finds_results_keeps_them_and_suggests(write_article, searcher_for):
    write_article("a.md", "## Exams\n\n" + "Breast exams and breast care. " * 6 + "Brest is a town.\n")
    response = searcher_for().search("brest ")
    assert ids(response) == ["a"] and response.corrected_query is None
    assert response.suggestion == "breast"


def test_a_misspelt_last_word_still_shows_the_other_words_results(write_article, searcher_for):
    write_article("a.md", "## Spread\n\nMetastatic breast cancer. Breast care. Breast exams.\n")
    write_article("b.md", "## Other\n\nMetastatic melanoma.\n")
    response = searcher_for().search("metastatic brest")  # still typing: no word starts "brest"
    assert response.corrected_query == "metastatic breast"
    assert ids(response)[0] == "a"


def test_a_suggestion_keeps_the_other_words(write_article, searcher_for):
    write_article("a.md", "## Care\n\nChemotherapy has side effects. The effects pass. Effects vary.\n")
    response = searcher_for().search("chemotherapy side efects")
    assert response.corrected_query == "chemotherapy side effects"


# --- what must never be found or crash ----------------------------------------------------------


def test_retired_articles_are_not_indexed(write_article, searcher_for):
    write_article("old.md", "## Gone\n\nObsolete zanzibar advice.\n", status="retired")
    write_article("new.md", "## Here\n\nCurrent advice.\n")
    searcher = searcher_for()
    assert searcher.search("zanzibar").results == []
    assert searcher.search("obsolete").total == 0


def test_script_and_link_addresses_are_never_found(write_article, searcher_for):
    body = (
        "## Safe\n\nVisible words.\n\n<script>var quokka = 'stolen';</script>\n\n"
        "See [the guide](https://example.org/wombatpage) for more.\n"
    )
    write_article("a.md", body)
    searcher = searcher_for()
    for word in ("quokka", "stolen", "wombatpage", "example"):
        assert searcher.search(word).results == [], word
    assert ids(searcher.search("guide")) == ["a"]


@pytest.mark.parametrize(
    "text",
    ["", " ", "*", "?", '"', '""', '"unclosed phrase', "a", "the", "\x00", "🙂🙂", "x" * 10_000, "AND OR NOT", "((("],
)
def test_odd_input_never_raises(seed_searcher, text):
    response = seed_searcher.search(text)
    assert isinstance(response, SearchResponse)
    assert response.query == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_text_never_raises(seed_searcher, text):
    response = seed_searcher.search(text, limit=5)
    assert len(response.results) <= 5


def test_searching_from_several_threads_gives_the_same_answers(seed_searcher):
    expected = {q: places(seed_searcher.search(q)) for q in ("fractures", "lymph", "hormone therapy")}
    errors: list[str] = []

    def work() -> None:
        for _ in range(10):
            for query, want in expected.items():
                if places(seed_searcher.search(query)) != want:
                    errors.append(query)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_closed_searcher_answers_nothing(write_article, searcher_for):
    write_article("a.md", "## A\n\nWords.\n")
    searcher = searcher_for()
    searcher.close()
    assert searcher.search("words").results == []


# --- the real corpus (slow: builds the 1,432-article index) --------------------------------------


@pytest.fixture(scope="module")
def corpus_searcher(tmp_path_factory):
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "nci-core"
    if not corpus.is_dir():
        pytest.skip(f"the real corpus is not here ({corpus}): ../shared is absent")
    library = open_library([corpus], write_cache=False)
    searcher = open_searcher(library, index_dir=tmp_path_factory.mktemp("corpus-index"))
    yield searcher
    searcher.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "article_id"),
    [
        ("metastatic breast cancer", "types-breast-stages-metastatic-breast-cancer"),
        ("what does metastasis mean", "glossary:46710"),
        ("breast cancer screening", "types-breast-screening"),  # titled exactly so (NCI's own page)
        ("tamoxifen", "about-cancer-treatment-drugs-tamoxifencitrate"),  # not the professional summary
        ("radiation therapy", "about-cancer-treatment-types-radiation-therapy"),
        ("chemotherapy", "about-cancer-treatment-types-chemotherapy"),
        ("what is immunotherapy", "about-cancer-treatment-types-immunotherapy"),
        ("CAR T cells", "about-cancer-treatment-research-car-t-cells"),
        ("leukemia", "types-leukemia"),
    ],
)
def test_corpus_queries_find_the_obvious_place_first(corpus_searcher, query, article_id):
    assert corpus_searcher.search(query).results[0].article_id == article_id


@pytest.mark.slow
def test_corpus_typing_letter_by_letter_always_answers(corpus_searcher):
    phrase = "chemotherapy side effects"
    for i in range(1, len(phrase) + 1):
        response = corpus_searcher.search(phrase[:i])
        assert response.results, phrase[:i]
        articles = [hit.article_id for hit in response.results]
        assert len(articles) == len(set(articles)), phrase[:i]  # one row per article


@pytest.mark.slow
def test_corpus_misspellings_are_corrected(corpus_searcher):
    def fixed(query: str) -> str | None:
        response = corpus_searcher.search(query)
        return response.corrected_query or response.suggestion

    assert fixed("metastatc") == "metastatic"
    assert fixed("chemotherapy side efects") == "chemotherapy side effects"
    assert fixed("lymf nodes") == "lymph nodes"
    chemo = corpus_searcher.search("chemotheraphy")
    assert chemo.corrected_query == "chemotherapy"
    assert chemo.results[0].article_id == "about-cancer-treatment-types-chemotherapy"


# --- everyday words and the dictionary's other names ----------------------------------------------

EVERYDAY = json.loads((Path(__file__).resolve().parents[2] / "resources" / "everyday-words.json").read_text("utf-8"))
EVERYDAY_PHRASES = [(i, say) for i, entry in enumerate(EVERYDAY["entries"]) for say in entry["say"]]


def _front(title: str, body: str) -> str:
    return f"---\ntitle: {json.dumps(title)}\nlanguage: en\nstatus: active\n---\n\n{body}"


@pytest.fixture(scope="module")
def everyday_searcher(tmp_path_factory):
    """One article per curated entry, titled and written with its first 'means' only."""
    folder = tmp_path_factory.mktemp("everyday") / "content"
    folder.mkdir()
    for i, entry in enumerate(EVERYDAY["entries"]):
        target = entry["means"][0]
        body = f"## About {target}\n\nWhat {target} is, and how {target} is managed day by day.\n"
        (folder / f"entry{i:02d}.md").write_text(_front(target.title(), body), encoding="utf-8")
    (folder / "other.md").write_text(_front("Unrelated", "## Notes\n\nGardens, weather and trains.\n"), encoding="utf-8")
    searcher = open_searcher(open_library([folder]), index_dir=tmp_path_factory.mktemp("everyday-index"))
    yield searcher
    searcher.close()


@pytest.mark.parametrize(("index", "say"), EVERYDAY_PHRASES, ids=[s for _, s in EVERYDAY_PHRASES])
def test_every_everyday_phrase_finds_its_article_and_says_what_was_also_searched(everyday_searcher, index, say):
    entry = EVERYDAY["entries"][index]
    response = everyday_searcher.search(say + " ")
    same = {f"entry{i:02d}" for i, e in enumerate(EVERYDAY["entries"]) if e["means"][0] in entry["means"]}
    assert ids(response)[:1] and ids(response)[0] in same, (say, ids(response))
    assert entry["means"][0] in response.also_searched


def test_the_everyday_list_is_well_formed():
    seen = {}
    for entry in EVERYDAY["entries"]:
        assert entry["say"] and entry["means"]
        for say in entry["say"]:
            assert say == say.strip().lower() and say not in seen, say
            seen[say] = entry
            for target in entry["means"]:  # not what stemming already finds
                assert key_of(phrase_words(say), "en") != key_of(phrase_words(target), "en"), (say, target)


def test_a_spanish_name_from_the_dictionary_finds_the_english_article(write_article, searcher_for):
    write_article("chemo.md", f"## What it is\n\nChemotherapy uses drugs. {'More words. ' * 5}\n", title="Chemotherapy to Treat Cancer")
    write_article("breast.md", "## Overview\n\nBreast cancer forms in breast cells.\n", title="Breast Cancer")
    write_article("other.md", "## Notes\n\nGardens and weather.\n", title="Unrelated")
    searcher = searcher_for()
    response = searcher.search("quimioterapia")
    assert ids(response)[0] == "chemo" and response.also_searched == ("chemotherapy",)
    assert response.corrected_query is None
    assert ids(searcher.search("cáncer de mama"))[0] == "breast"


def test_an_other_name_from_the_dictionary_leads_only_to_a_commoner_word(write_article, searcher_for):
    # The dictionary: radiation therapy "Also called irradiation and radiotherapy"; neoplasm
    # "Also called tumor", tumor "Also called neoplasm".
    write_article("rt.md", "## Radiation therapy\n\nRadiation therapy uses high-energy rays. Radiation therapy is planned.\n", title="Radiation Therapy")
    write_article("tumor.md", "## Tumor\n\nA tumor is a lump. Tumor cells divide. A tumor may be benign.\n", title="Tumors")
    write_article("neo.md", "## Words\n\nA neoplasm, in the doctors' words.\n", title="Words")
    searcher = searcher_for()
    response = searcher.search("irradiation")
    assert ids(response)[0] == "rt" and "radiation therapy" in response.also_searched
    plain = searcher.search("tumor")
    assert "neo" not in ids(plain) and plain.also_searched == ()


def test_a_quoted_word_is_not_widened(everyday_searcher):
    assert everyday_searcher.search('"chemo"').also_searched == ()
