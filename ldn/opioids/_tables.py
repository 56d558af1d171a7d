"""The vocabulary as tables: plain records to join against a cohort's codes and names.

Private: :meth:`~ldn.opioids.Vocabulary.code_records` and
:meth:`~ldn.opioids.Vocabulary.name_records` are the public way in.

Every record is a dict of str (or None) values with the same keys in the same
order, so ``pandas.DataFrame(records)``, ``polars.DataFrame(records)`` and
DuckDB (through either) read them as string columns without conversion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Protocol

from ldn.medication import Coding, MedicationInput
from ldn.monograph import Washout
from ldn.opioids._lexicon import Lexicon
from ldn.opioids._values import KnownCode, OpioidMatch, Product, Scan, Substance

__all__ = ["CODE_COLUMNS", "MEDICINE", "NAME_COLUMNS", "code_records", "name_records"]

#: The kind of a code or name the lexicon knows and that names no opioid or antagonist.
MEDICINE: Final = "medicine"
#: The keys of every code record, in order.
CODE_COLUMNS: Final = ("system", "code", "display", "substance", "kind", "washout", "source")
#: The keys of every name record, in order.
NAME_COLUMNS: Final = ("name", "substance", "kind", "washout", "market", "source")


class Vocabulary(Protocol):
    """What the tables read of a :class:`~ldn.opioids.Vocabulary`."""

    @property
    def codes(self) -> tuple[KnownCode, ...]: ...  # pragma: no cover
    @property
    def products(self) -> tuple[Product, ...]: ...  # pragma: no cover
    @property
    def lexicon(self) -> Lexicon | None: ...  # pragma: no cover
    def by_name(self) -> dict[str, Substance]: ...  # pragma: no cover
    def scan(self, entry: MedicationInput) -> Scan: ...  # pragma: no cover


def _sources(ids: Iterable[str]) -> str:
    return " ".join(ids)


def _claim(
    name: str, by_name: dict[str, Substance], read: Mapping[str, Washout]
) -> tuple[str, str, str | None]:
    """The substance, kind and washout screening reads ``name`` as: a vocabulary
    substance, else a medicine it does not screen for (a partner in a combination).
    The washout is what screening read (``read``, by substance) for the code or name
    the row is about, else the substance's own."""
    substance = by_name.get(name)
    if substance is None:
        return name, MEDICINE, None
    washout = read.get(substance.name, substance.washout)
    return substance.name, str(substance.kind), str(washout)


def _code_row(
    system: str,
    code: str,
    display: str | None,
    claim: tuple[str | None, str, str | None],
    source: str,
) -> dict[str, str | None]:
    substance, kind, washout = claim
    return {
        "system": system,
        "code": code,
        "display": display,
        "substance": substance,
        "kind": kind,
        "washout": washout,
        "source": source,
    }


def _match_claim(match: OpioidMatch) -> tuple[str | None, str, str | None]:
    return match.substance.name, str(match.substance.kind), str(match.washout)


def code_records(vocabulary: Vocabulary) -> list[dict[str, str | None]]:
    """One record per code and substance: the vocabulary's codes, then its lexicon's.

    A vocabulary code gives one record per substance it names (``kind`` the
    substance's kind: ``opioid``, ``peripheral-opioid``, ``antagonist`` or
    ``neither``; ``medicine`` for a combination's partner the vocabulary does not
    screen for). A code the lexicon knows and the vocabulary does not is read as
    screening reads it alone: an opioid or antagonist it names gives its records,
    else one record of kind ``medicine`` with no substance (a code closed-world
    screening recognises). ``source`` is the id of the vocabulary source (see
    :attr:`~ldn.opioids.Vocabulary.sources`), or the lexicon's name.
    """
    by_name = vocabulary.by_name()
    records: list[dict[str, str | None]] = []
    read: dict[tuple[str, str], dict[str, Washout]] = {}
    for known in vocabulary.codes:
        key = (known.system, known.code)
        if key not in read:  # the interval screening reads for each substance of the code
            scan = vocabulary.scan(Coding(*key))
            read[key] = {m.substance.name: m.washout for m in scan.opioids + scan.antagonists}
        records += [
            _code_row(*key, known.display, _claim(n, by_name, read[key]), known.source)
            for n in known.substances
        ]
    lexicon = vocabulary.lexicon
    if lexicon is not None:
        for (system, code), display in lexicon.codes.items():
            if (system, code) in read:
                continue
            scan = vocabulary.scan(Coding(system, code))
            matches = scan.opioids + scan.antagonists
            claims = [_match_claim(m) for m in matches] or [(None, MEDICINE, None)]
            records += [_code_row(system, code, display, c, lexicon.name) for c in claims]
    return records


def name_records(vocabulary: Vocabulary) -> list[dict[str, str | None]]:
    """One record per name and substance: substances' names and synonyms, then products.

    A spelling two substances claim is recorded once, for the substance screening
    reads it as (the opioid claim wins: :meth:`~ldn.opioids.Vocabulary.by_name`).
    ``market`` is None for a substance's own names and the product's market for a
    brand; ``source`` holds the ids of the sources (space-separated).
    """
    by_name = vocabulary.by_name()
    records: list[dict[str, str | None]] = []
    for spelling, substance in by_name.items():
        records.append(
            {
                "name": spelling,
                "substance": substance.name,
                "kind": str(substance.kind),
                "washout": str(substance.washout),
                "market": None,
                "source": _sources(substance.sources),
            }
        )
    for product in vocabulary.products:
        scan = vocabulary.scan(product.name)
        read = {m.substance.name: m.washout for m in scan.opioids + scan.antagonists}
        for name in product.substances:
            claimed, kind, washout = _claim(name, by_name, read)
            records.append(
                {
                    "name": product.name,
                    "substance": claimed,
                    "kind": kind,
                    "washout": washout,
                    "market": product.market,
                    "source": product.source,
                }
            )
    return records
