"""What "Listen" reads: order, what is left out, sentences and their spans (content/speech_text.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mbc_reader.content.loader import load_library
from mbc_reader.content.pages import paginate, render_page
from mbc_reader.content.render import render_article
from mbc_reader.content.speech_text import OBJECT, Kind, SpeechText, speech_from_html, split_sentences

from ..conftest import SEED_ID, SEEDS


@pytest.fixture(scope="module")
def seed():
    return load_library(SEEDS).get(SEED_ID)


@pytest.fixture(scope="module")
def seed_speech(seed) -> SpeechText:
    return speech_from_html(render_page(seed, paginate(seed), 0), seed.language)


def _texts(speech: SpeechText) -> list[str]:
    return [s.text for s in speech.sentences]


# --- the seed article ---------------------------------------------------------------------------


def test_the_seed_is_read_in_the_order_shown(seed_speech):
    texts = _texts(seed_speech)
    assert texts[0] == "Metastatic Breast Cancer"  # the title first
    assert texts[1].startswith("Picture: Drawing of a female body shows where primary breast cancer")
    assert texts[2].startswith("In metastatic breast cancer, cancer cells break away")  # the picture's caption
    headings = [s.text for s in seed_speech.sentences if s.kind is Kind.HEADING]
    assert headings[1:4] == ["What is metastatic breast cancer?", "What are the symptoms of metastatic breast cancer?",
                             "How is metastatic breast cancer diagnosed?"]
    at = texts.index("Symptoms of metastatic breast cancer may include:")
    assert texts[at + 1:at + 3] == ["headache, seizures, or dizziness, if cancer has spread to the brain",
                                    "jaundice or swelling in the belly, if cancer has spread to the liver"]
    assert seed_speech.sentences[at + 1].kind is Kind.ITEM
    assert texts[-1].startswith("Learn more about clinical trials at")
    starts = [s.start for s in seed_speech.sentences]
    assert starts == sorted(starts)


def test_the_apps_own_words_credits_and_addresses_are_not_read(seed_speech):
    spoken = " ".join(_texts(seed_speech))
    for never in ("Credit", "Terese Winslow", "Enlarge", "Show picture description larger", "Last reviewed",
                  "Source: National Cancer Institute", "https://", "cancer.gov/types", "/publications/", "glossary:",
                  "<", "](", "**"):
        assert never not in spoken, never
    assert "Credit: © Terese Winslow" in seed_speech.plain  # on the page, only not read


def test_glossary_links_are_read_as_their_words(seed_speech):
    sentence = next(s for s in seed_speech.sentences if "lymph system or blood" in s.text)
    assert sentence.text == ("In metastatic breast cancer, cancer cells have broken away from where they began and "
                             "traveled through the lymph system or blood to form a tumor in another part of the body.")


def test_each_sentence_spans_its_words_in_the_plain_text(seed_speech):
    for sentence in seed_speech.sentences:  # (a picture card without its picture shows "Picture: " + its description)
        assert " ".join(seed_speech.plain[sentence.start:sentence.end].split()) == sentence.text


def test_a_paragraph_is_split_into_its_sentences(seed_speech):
    texts = _texts(seed_speech)
    at = texts.index("A metastatic tumor is the same type of cancer as the original tumor.")
    assert texts[at + 1].startswith("For example, if breast cancer spreads to the bone,")
    assert texts[at + 2] == "The tumor in the bone is treated as metastatic breast cancer, not bone cancer."


def test_the_cli_reads_the_whole_article_with_its_title(seed):
    from mbc_reader.content.speech_text import article_speech

    whole = article_speech(seed)
    assert whole.language == "en"
    assert _texts(whole) == _texts(speech_from_html(render_article(seed), "en"))
    assert whole.sentences[0].text == "Metastatic Breast Cancer"


# --- pictures, addresses, selections ------------------------------------------------------------


def test_a_shown_picture_is_read_from_its_description_and_spans_the_picture():
    html = ('<table class="figure"><tr><td><p><a href="figure:0" title="Enlarge picture">'
            '<img src="figure:0?w=500" alt="A drawing of the breast." width="500" height="300"></a></p>'
            '<p class="caption">Cells travel in the blood.</p><p class="credit">Credit: Someone</p>'
            '<p class="enlarge"><a href="figure:0">Enlarge picture</a></p></td></tr></table><p>After it.</p>')
    speech = speech_from_html(html, "en")
    assert _texts(speech) == ["Picture: A drawing of the breast.", "Cells travel in the blood.", "After it."]
    picture = speech.sentences[0]
    assert picture.kind is Kind.PICTURE and speech.plain[picture.start:picture.end] == OBJECT


def test_a_picture_is_announced_in_the_voices_language_whatever_the_card_says():
    html = '<p class="figure-alt"><span class="label">Picture: </span><span>Un dibujo del cuerpo.</span></p>'
    assert _texts(speech_from_html(html, "es")) == ["Imagen: Un dibujo del cuerpo."]


def test_an_address_is_read_as_its_sites_name():
    html = ('<p>Call 1-800-4-CANCER or visit <a class="external" href="https://www.cancer.gov/contact">'
            'https://www.cancer.gov/contact</a>. More at www.nih.gov/health today.</p>')
    assert _texts(speech_from_html(html, "en")) == ["Call 1-800-4-CANCER or visit cancer.gov.", "More at nih.gov today."]


def test_a_selection_is_read_cut_to_the_selected_words(seed_speech):
    plain = seed_speech.plain
    start = plain.index("jaundice or swelling")
    chosen = seed_speech.within(start, start + len("jaundice"))
    assert [s.text for s in chosen] == ["jaundice"]
    first = seed_speech.sentences[5]
    second = seed_speech.sentences[6]
    both = seed_speech.within(first.start, second.end)
    assert both == (first, second)


def test_reading_from_a_place_starts_at_the_next_whole_sentence(seed_speech):
    third = seed_speech.sentences[3]
    assert seed_speech.starting_from(third.start) == 3
    assert seed_speech.starting_from(third.start + 1) == 4
    assert seed_speech.index_at(third.start + 1) == 3
    assert seed_speech.starting_from(len(seed_speech.plain)) == len(seed_speech.sentences)


def test_spans_move_onto_another_layout_of_the_same_text():
    speech = speech_from_html("<h2>One</h2><p>First here. Second there.</p>", "en")
    other = "\ufdd0One\n\n  First here.\u2028Second\xa0there.\n"
    moved = speech.rebased(other)
    assert [other[s.start:s.end] for s in moved.sentences] == ["One", "First here.", "Second\xa0there."]
    partial = speech.rebased("One\nFirst here.\n")  # the view lost a sentence: it gets an empty span
    assert [partial.plain[s.start:s.end] for s in partial.sentences] == ["One", "First here.", ""]


# --- sentences in English and Spanish -----------------------------------------------------------


def _split(text: str, language: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, language)]


def test_english_abbreviations_numbers_and_quotes_end_no_sentence():
    text = ("Dr. Lee gave 1.5 mg, e.g. with food, at 9 a.m. Ask J. Smith. He said “stop.” Then he left. "
            "See No. 5 now. The answer is no. Is it? Yes! It grew 2.5 cm... It stopped")
    assert _split(text, "en") == [
        "Dr. Lee gave 1.5 mg, e.g. with food, at 9 a.m. Ask J. Smith.", "He said “stop.”", "Then he left.",
        "See No. 5 now.", "The answer is no.", "Is it?", "Yes!", "It grew 2.5 cm...", "It stopped",
    ]


def test_spanish_sentences_abbreviations_and_opening_marks():
    text = ("El Dr. García y la Sra. López, p. ej. en EE. UU., dijeron que sí. ¿Qué es el cáncer? "
            "Es una enfermedad. ¡Pida ayuda! Vea la pág. 5. El 20,5 % de los casos. Ud. puede llamar.")
    assert _split(text, "es") == [
        "El Dr. García y la Sra. López, p. ej. en EE. UU., dijeron que sí.", "¿Qué es el cáncer?",
        "Es una enfermedad.", "¡Pida ayuda!", "Vea la pág. 5.", "El 20,5 % de los casos.", "Ud. puede llamar.",
    ]


def test_a_spanish_article_is_read_with_the_spanish_voice_and_labels():
    html = ('<h1 id="top">Los ganglios linfáticos</h1><p class="meta">Última revisión: 1 de enero de 2025</p>'
            '<p class="figure-alt"><span class="label">Imagen: </span><span>Un dibujo.</span></p>'
            '<p class="credit">Crédito: Alguien</p><p class="enlarge"><a href="figure:0">Ver la descripción de la '
            'imagen más grande</a></p><h2 id="que">¿Qué son?</h2><p>Los <a class="glossary" href="glossary:45762">'
            'ganglios linfáticos</a> son parte del sistema de defensa. La Dra. Ruiz lo explica.</p>'
            '<ul><li>dolor</li><li>fiebre</li></ul>')
    speech = speech_from_html(html, "es-MX")
    assert speech.language == "es"
    assert _texts(speech) == ["Los ganglios linfáticos", "Imagen: Un dibujo.", "¿Qué son?",
                              "Los ganglios linfáticos son parte del sistema de defensa.", "La Dra. Ruiz lo explica.",
                              "dolor", "fiebre"]


def test_the_core_imports_without_qt():
    code = "import sys, mbc_reader.content.speech_text, mbc_reader.speech; print('PySide6' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
