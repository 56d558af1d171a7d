"""Generic words that mean opioid use in a medication list, whatever the drug.

``(term, source id)``. A term is not matched inside "opioid antagonist" or
"non-opioid" (see :mod:`ldn.opioids`).
"""

from __future__ import annotations

from typing import Final

TERMS: Final[tuple[tuple[str, str], ...]] = (
    ("opioid", "mesh-opioid-analgesics"),
    ("opioids", "mesh-opioid-analgesics"),
    ("opiate", "mesh-opioid-analgesics"),
    ("opiates", "mesh-opioid-analgesics"),
    ("opioid analgesic", "mesh-opioid-analgesics"),
    ("opiate analgesic", "mesh-opioid-analgesics"),
    ("narcotic analgesic", "mesh-opioid-analgesics"),
)
