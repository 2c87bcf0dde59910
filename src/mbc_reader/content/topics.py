"""Library topics, derived from where a page lives on cancer.gov.

``cancerTypes`` in the front matter is auto-tagged and noisy (the metastatic breast cancer page is
tagged breast, lung and liver), so the address of the page is the main signal: ``/types/breast/…``
is about breast cancer whatever the tags say. An explicit ``topics`` list in the front matter wins.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Cancer types whose name is not simply "<slug> cancer".
_TYPE_NAMES = {
    "aya": "Adolescents and young adults",
    "brain": "Brain tumors",
    "childhood-cancers": "Childhood cancers",
    "common-cancers": "Cancer types",
    "by-body-location": "Cancer types",
    "cardiac": "Heart tumors",
    "gestational-trophoblastic": "Gestational trophoblastic disease",
    "gi-neuroendocrine-tumors": "GI neuroendocrine tumors",
    "langerhans": "Langerhans cell histiocytosis",
    "midline": "Midline tract carcinoma",
    "multiple-endocrine-neoplasia": "Multiple endocrine neoplasia",
    "pituitary": "Pituitary tumors",
    "head-and-neck": "Head and neck cancer",
    "leukemia": "Leukemia",
    "lymphoma": "Lymphoma",
    "mesothelioma": "Mesothelioma",
    "metastatic-cancer": "Metastatic cancer",
    "myeloma": "Myeloma",
    "myeloproliferative": "Myeloproliferative neoplasms",
    "neuroblastoma": "Neuroblastoma",
    "pheochromocytoma": "Pheochromocytoma",
    "retinoblastoma": "Retinoblastoma",
    "soft-tissue-sarcoma": "Soft tissue sarcoma",
    "thymoma": "Thymoma",
    "unknown-primary": "Cancer of unknown primary",
    "wilms-tumor": "Wilms tumor",
}

# (path prefix, topic): the first match wins, so longer prefixes come first.
_SECTION_TOPICS = [
    ("/about-cancer/treatment/drugs", "Drug information"),
    ("/about-cancer/treatment/side-effects", "Side effects"),
    ("/about-cancer/treatment/clinical-trials", "Clinical trials"),
    ("/about-cancer/treatment", "Treatment"),
    ("/about-cancer/coping", "Coping with cancer"),
    ("/about-cancer/diagnosis-staging", "Diagnosis and staging"),
    ("/about-cancer/causes-prevention", "Causes and prevention"),
    ("/about-cancer/screening", "Screening"),
    ("/about-cancer/advanced-cancer", "Advanced cancer"),
    ("/about-cancer/managing-care", "Managing care"),
    ("/about-cancer/understanding", "Understanding cancer"),
    ("/about-cancer", "About cancer"),
    ("/publications/pdq", "PDQ summaries"),
    ("/publications/dictionaries", "Dictionaries"),
    ("/research", "Research"),
    ("/news-events", "News"),
    ("/espanol/tipos", "Tipos de cáncer"),
    ("/espanol/cancer/tratamiento", "Tratamiento"),
    ("/espanol", "En español"),
]

GENERAL = "General information"


def url_path(url: str | None) -> str:
    """The lower-case path of an address, without trailing slash: the key links are matched on."""
    if not url:
        return ""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return ""
    return path.rstrip("/").lower()


def _type_topic(slug: str) -> str:
    if slug in _TYPE_NAMES:
        return _TYPE_NAMES[slug]
    return slug.replace("-", " ").capitalize() + " cancer"


def derive_topics(url: str | None, front_matter_topics: object = None) -> tuple[str, ...]:
    """Topics for the navigator, most specific first."""
    topics: list[str] = []
    if isinstance(front_matter_topics, (list, tuple)):
        topics += [str(t).strip() for t in front_matter_topics if str(t).strip()]
    elif isinstance(front_matter_topics, str) and front_matter_topics.strip():
        topics.append(front_matter_topics.strip())

    path = url_path(url)
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "types":
        topics.append(_type_topic(parts[1]))
        if parts[-1].endswith("-pdq"):
            topics.append("PDQ summaries")
    else:
        for prefix, topic in _SECTION_TOPICS:
            if path == prefix or path.startswith(prefix + "/"):
                topics.append(topic)
                break
    if not topics:
        topics.append(GENERAL)
    return tuple(dict.fromkeys(topics))
