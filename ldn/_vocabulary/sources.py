"""Where the vocabulary comes from: one row per source.

``id: (title, URL or document, licence or terms, date seen or published)``

Facts (names, codes, ingredients) are taken from these sources; no text is.
"""

from __future__ import annotations

from typing import Final

SOURCES: Final[dict[str, tuple[str, str, str, str]]] = {
    "whocc-atc": (
        "WHO Collaborating Centre for Drug Statistics Methodology: ATC/DDD Index",
        "https://atcddd.fhi.no/atc_ddd_index/",
        "codes free to use; the index may not be redistributed whole",
        "2025",
    ),
    "clinical-notes": (
        "ldn clinical notes: opioid groups, antagonists and code systems (citing the WHO ATC index and WHOCC news on opioid combinations)",
        "shared/clinical-notes.md in the ldn project",
        "project document",
        "2026-11",
    ),
    "ldn-monograph": (
        "Low dose naltrexone (the monograph ldn encodes): names low dose naltrexone LDN",
        "shared/monograph/low-dose-naltrexone.txt in the ldn project",
        "project document",
        "2026-11",
    ),
    "mesh-opioid-analgesics": (
        "MeSH descriptor D000701, Analgesics, Opioid (entry terms)",
        "https://meshb.nlm.nih.gov/record/ui?ui=D000701",
        "NLM MeSH: public domain",
        "2025",
    ),
}
