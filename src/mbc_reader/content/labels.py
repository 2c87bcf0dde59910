"""The words the app itself adds to an article (its header, picture cards, part links, the
take-home printout), in English and Spanish: one catalogue. The reader shows them in the
interface's language when that is not English, else in the article's own language (a Spanish
article is labelled in Spanish either way). Dates are written by Babel from CLDR's data for the
language ("December 30, 2025", "30 de diciembre de 2025"), imported only when one is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date

LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "reviewed": "Last reviewed: {date}",
        "source": "Source: National Cancer Institute",
        "source_named": "Source: {name}",
        "license": "License: {license}",
        "picture": "Picture: ",
        "credit": "Credit: {credit}",
        "enlarge": "Enlarge picture",
        "describe": "Show picture description larger",
        "part": "Part {n} of {total}",
        "previous": "\u2190 Previous part: {title}",
        "next": "Continue reading: {title} \u2192",
        # the printout (printout_html.py)
        "print_reviewed": "Last reviewed",
        "print_from": "From the National Cancer Institute (NCI)",
        "print_from_named": "From {name}",
        "print_underlined": "Underlined words are explained in \u201cWords to know\u201d at the end.",
        "print_words": "Words to know",
        "print_words_credit": "Definitions: NCI Dictionary of Cancer Terms.",
        "print_see": "closest entry,",
        "print_online": "Read this page online",
        "print_scan": "Scan the code with a phone camera, or type the address.",
        "print_credit": "Text: National Cancer Institute, www.cancer.gov (public domain).",
        "print_credit_named": "Text: {name}.",
        "print_printed": "Printed",
    },
    "es": {
        "reviewed": "\u00daltima revisi\u00f3n: {date}",
        "source": "Fuente: Instituto Nacional del C\u00e1ncer",
        "source_named": "Fuente: {name}",
        "license": "Licencia: {license}",
        "picture": "Imagen: ",
        "credit": "Cr\u00e9dito: {credit}",
        "enlarge": "Ampliar la imagen",
        "describe": "Ver la descripci\u00f3n de la imagen m\u00e1s grande",
        "part": "Parte {n} de {total}",
        "previous": "\u2190 Parte anterior: {title}",
        "next": "Seguir leyendo: {title} \u2192",
        "print_reviewed": "\u00daltima revisi\u00f3n",
        "print_from": "Del Instituto Nacional del C\u00e1ncer (NCI)",
        "print_from_named": "Fuente: {name}",
        "print_underlined": "Las palabras subrayadas se explican en \u201cPalabras que debe saber\u201d al final.",
        "print_words": "Palabras que debe saber",
        "print_words_credit": "Definiciones: Diccionario de c\u00e1ncer del NCI.",
        "print_see": "t\u00e9rmino m\u00e1s parecido,",
        "print_online": "Lea esta p\u00e1gina en internet",
        "print_scan": "Escanee el c\u00f3digo con la c\u00e1mara de un tel\u00e9fono, o escriba la direcci\u00f3n.",
        "print_credit": "Texto: Instituto Nacional del C\u00e1ncer, www.cancer.gov (dominio p\u00fablico).",
        "print_credit_named": "Texto: {name}.",
        "print_printed": "Impreso",
    },
}



@functools.lru_cache(maxsize=256)
def format_day(day: date, language: str) -> str:
    """``day`` as the language writes it in full ("December 30, 2025", "30 de diciembre de
    2025"), by Babel; an unknown language gets English."""
    from babel.dates import format_date  # ~100 ms the first time: never before the first frame

    return format_date(day, format="long", locale=language if language in LABELS else "en")


def label_language(article_language: str, interface_language: str | None = None) -> str:
    """Which language the app's own words on an article are in (see the module docstring)."""
    interface = (interface_language or "en").lower().split("-")[0].split("_")[0]
    if interface != "en" and interface in LABELS:
        return interface
    article = (article_language or "en").lower().split("-")[0]
    return article if article in LABELS else "en"


def label(language: str, key: str, **values: object) -> str:
    words = LABELS.get(language, LABELS["en"])[key]
    return words.format(**values) if values else words
