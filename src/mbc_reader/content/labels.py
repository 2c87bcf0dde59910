"""The words the app itself adds to an article (its header, picture cards, part links), in
English and Spanish. The reader shows them in the interface's language when that is not English,
else in the article's own language (a Spanish article is labelled in Spanish either way)."""

from __future__ import annotations

from collections.abc import Mapping

LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "reviewed": "Last reviewed: {month} {day}, {year}",
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
    },
    "es": {
        "reviewed": "\u00daltima revisi\u00f3n: {day} de {month} de {year}",
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
    },
}

MONTHS: Mapping[str, list[str]] = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}


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
