"""Cohorts: ``ldn.screen_many`` and the vocabulary as tables (issue 22).

The batch path gives, per patient, the findings ``screen`` gives (a property);
its records load into pandas, polars and DuckDB with the documented types and
pickle for other processes; every way a cohort can be given wrongly is an LdnError
that names the row.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator

import attrs
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldn
from ldn import LdnError, LdnTypeError, Medication, Patient, ScreeningError, screen, screen_many
from ldn.contraindication import RECORD_COLUMNS
from ldn.medication import RXNORM, Coding
from ldn.opioids import KnownCode, Lexicon, Source, Substance, Vocabulary, default_vocabulary
from ldn.strategies import patients

AS_OF = dt.date(2026, 12, 3)
VOCABULARY = default_vocabulary()


def _expected(pid: object, patient: Patient, **kwargs: object) -> list[dict[str, object]]:
    report = screen(patient, vocabulary=VOCABULARY, **kwargs)  # type: ignore[arg-type]
    return [
        {
            "patient": pid,
            "code": f.code,
            "severity": str(f.severity),
            "rule_id": str(f.rule_id),
            "summary": f.summary,
            "message": f.message,
            "trigger": f.trigger,
        }
        for f in report.findings
    ]


# -- the same findings as screen, per patient -------------------------------------------


@given(st.lists(patients(), max_size=6), st.one_of(st.none(), st.dates()))
def test_records_are_the_findings_screen_gives_each_patient(
    cohort: list[Patient], as_of: dt.date | None
) -> None:
    """Positional ids; every patient appears (each has findings), in order."""
    records = screen_many(cohort, as_of=as_of)
    expected = [r for n, p in enumerate(cohort) for r in _expected(n, p, as_of=as_of)]
    assert records == expected
    assert all(tuple(r) == RECORD_COLUMNS for r in records)
    assert sorted({r["patient"] for r in records}) == list(range(len(cohort)))  # type: ignore[type-var]


@given(st.dictionaries(st.text(min_size=1, max_size=8), patients(), max_size=5))
def test_a_mapping_and_pairs_keep_their_ids(cohort: dict[str, Patient]) -> None:
    expected = [r for pid, p in cohort.items() for r in _expected(pid, p)]
    assert screen_many(cohort) == expected
    assert screen_many(list(cohort.items())) == expected


ENTRIES = st.sampled_from(
    [
        "OxyContin 10 mg",
        "amitriptyline 10 mg",
        "paracetamol 500 mg tablets",
        "Zorblax 5 mg",
        Coding(RXNORM, "7804"),
        Coding(RXNORM, "0000"),
        Medication("methadone 40 mg", status="stopped", last_taken=dt.date(2026, 11, 30)),
    ]
)


@given(st.lists(st.tuples(st.integers(0, 4), ENTRIES), max_size=12))
def test_rows_are_grouped_by_patient_in_the_order_first_seen(
    rows: list[tuple[int, object]],
) -> None:
    """Rows of (id, entry): each patient's entries screened together, unconfirmed."""
    grouped: dict[int, list[object]] = {}
    for pid, entry in rows:
        grouped.setdefault(pid, []).append(entry)
    expected = [
        r
        for pid, entries in grouped.items()
        for r in _expected(pid, Patient(medications=entries), as_of=AS_OF)  # type: ignore[arg-type]
    ]
    assert screen_many(rows, as_of=AS_OF) == expected
    for pid in grouped:
        codes = {r["code"] for r in expected if r["patient"] == pid}
        assert "opioid-use-unconfirmed" in codes


def test_rows_name_the_opioid_and_the_recent_methadone() -> None:
    rows = [
        ("p1", "amitriptyline 10 mg"),
        ("p2", Medication("methadone 40 mg", status="stopped", last_taken=dt.date(2026, 12, 1))),
        ("p1", "Percocet 5/325"),
        ("p3", "Zorblax 5 mg"),
    ]
    records = screen_many(rows, as_of=AS_OF)
    found = {(r["patient"], r["code"], r["trigger"]) for r in records}
    assert ("p1", "opioid-use", "Percocet 5/325") in found
    assert ("p2", "opioid-recent", "methadone 40 mg") in found
    assert ("p3", "medication-unrecognised", "Zorblax 5 mg") in found
    assert [r["patient"] for r in records] == sorted(
        (r["patient"] for r in records), key=["p1", "p2", "p3"].index
    )


def test_the_policy_and_vocabulary_are_those_given() -> None:
    local = VOCABULARY.extend(
        name="clinic",
        sources=[Source("clinic-2026", "Clinic formulary 2026", "internal document")],
        products=[ldn.opioids.Product("Oxy-Clinic", "NZ", ("oxycodone",), "clinic-2026")],
    )
    rows = [(1, "Oxy-Clinic 5 mg")]
    assert {r["code"] for r in screen_many(rows, vocabulary=local)} >= {"opioid-use"}
    assert "opioid-use" not in {r["code"] for r in screen_many(rows)}
    blocking = ldn.MONOGRAPH.derive(
        name="strict", reason="unrecognised entries block", unrecognised_blocks=True
    )
    records = screen_many([(1, "Zorblax 5 mg")], policy=blocking)
    assert ("medication-unrecognised", "contraindication") in {
        (r["code"], r["severity"]) for r in records
    }


def test_an_empty_cohort_and_a_generator() -> None:
    assert screen_many([]) == []
    assert screen_many({}) == []

    def cohort() -> Iterator[tuple[int, str]]:
        yield 7, "tramadol 50 mg"
        yield 8, "aspirin 75 mg"

    assert [r["patient"] for r in screen_many(cohort()) if r["code"] == "opioid-use"] == [7]


def test_numpy_and_pandas_ids_become_ints() -> None:
    frame = pd.DataFrame({"person_id": [3, 3, 4], "drug": ["tramadol", "aspirin", "aspirin"]})
    records = screen_many(zip(frame.person_id, frame.drug, strict=True))
    assert {type(r["patient"]) for r in records} == {int}
    assert {r["patient"] for r in records} == {3, 4}
    records = screen_many(frame.itertuples(index=False))
    assert {r["patient"] for r in records} == {3, 4}
    assert screen_many([(np.int64(5), "aspirin")])[0]["patient"] == 5


# -- tables: pandas, polars, DuckDB, pickle ---------------------------------------------


RECORDS = screen_many(
    [(1, "OxyContin 10 mg"), (2, "amitriptyline 10 mg"), (2, "Zorblax"), (3, "naltrexone 50 mg")]
)


def test_pandas_reads_the_documented_types() -> None:
    frame = pd.DataFrame(RECORDS)
    assert list(frame.columns) == list(RECORD_COLUMNS)
    assert frame["patient"].dtype == np.int64
    for column in RECORD_COLUMNS[1:]:
        assert pd.api.types.is_string_dtype(frame[column]), column
    assert frame["trigger"].isna().any()  # findings of no entry (counselling)
    blocked = frame.loc[frame.severity == "contraindication", "patient"].unique().tolist()
    assert blocked == [1, 2, 3]  # rows carry no confirmation


def test_polars_reads_the_documented_types() -> None:
    frame = pl.DataFrame(RECORDS)
    assert frame.schema == pl.Schema(
        {"patient": pl.Int64, **dict.fromkeys(RECORD_COLUMNS[1:], pl.String)}
    )
    opioid = frame.filter(pl.col("code") == "opioid-use")["patient"].to_list()
    assert opioid == [1]


def test_duckdb_queries_the_records_and_joins_the_code_table() -> None:
    exposure = pd.DataFrame(  # an OMOP-like drug_exposure: RxNorm codes
        {"person_id": [1, 1, 2], "drug_source_value": ["7804", "1191", "1191"]}
    )
    with duckdb.connect() as con:
        con.register("records", pd.DataFrame(RECORDS))
        con.register("codes", pd.DataFrame(VOCABULARY.code_records()))
        con.register("exposure", exposure)
        counts = con.sql(
            "select code, count(distinct patient) from records group by code order by code"
        ).fetchall()
        opioid_people = con.sql(
            "select distinct person_id from exposure e join codes c"
            " on c.code = e.drug_source_value and c.system = ?"
            " where c.kind = 'opioid'",
            params=[RXNORM],
        ).fetchall()
    assert ("opioid-use", 1) in counts
    assert opioid_people == [(1,)]


def test_records_pickle_to_equal_records() -> None:
    assert pickle.loads(pickle.dumps(RECORDS)) == RECORDS


# -- a cohort given wrongly ---------------------------------------------------------------


COHORT = (
    "an iterable of Patient values, a mapping of patient id to Patient, (patient id, "
    "Patient) pairs, or (patient id, medication entry) rows"
)
PAIR = "a (patient id, Patient) pair or a (patient id, medication entry) row"


@pytest.mark.parametrize(
    ("patients", "error", "message"),
    [
        (None, LdnTypeError, f"patients must be {COHORT}, got NoneType None"),
        ("tramadol", LdnTypeError, f"patients must be {COHORT}, got str 'tramadol'"),
        (42, LdnTypeError, f"patients must be {COHORT}, got int 42"),
        ([Patient(), "x"], LdnTypeError, "item 1 of patients must be a Patient, got str 'x'"),
        (
            [(1, "x"), (2, "y", 3)],
            LdnTypeError,
            f"item 1 of patients must be {PAIR}, got tuple (2, 'y', 3)",
        ),
        ([(1, "x"), 5], LdnTypeError, f"item 1 of patients must be {PAIR}, got int 5"),
        ([5], LdnTypeError, f"item 0 of patients must be {PAIR}, got int 5"),
        ([None, Patient()], LdnTypeError, f"item 0 of patients must be {PAIR}, got NoneType None"),
        ([(1, Patient()), 5], LdnTypeError, f"item 1 of patients must be {PAIR}, got int 5"),
        (
            [("q" * 70, Patient()), ("q" * 70, Patient())],
            ScreeningError,
            f"patient id of item 1 must be an id given to one patient only, got '{'q' * 57}...'",
        ),
        (
            [("a", "x"), ("p" * 70, None)],
            LdnTypeError,
            f"medication entry of row 1 (patient '{'p' * 57}...') must be a str, Coding or"
            " Medication, got NoneType None",
        ),
        (
            [(True, "x")],
            LdnTypeError,
            "patient id of row 0 must be a str or an int, got bool True",
        ),
        ([(1.0, "x")], LdnTypeError, "patient id of row 0 must be a str or an int, got float 1.0"),
        (
            [(None, "x")],
            LdnTypeError,
            "patient id of row 0 must be a str or an int, got NoneType None",
        ),
        (
            [(1, "x"), ("2", "y")],
            LdnTypeError,
            "patient id of row 1 must be an int, as the ids before it (one type for a cohort),"
            " got str '2'",
        ),
        (
            [("a", "x"), (2, "y")],
            LdnTypeError,
            "patient id of row 1 must be a str, as the ids before it (one type for a cohort),"
            " got int 2",
        ),
        (
            [(1, "x"), (2, None)],
            LdnTypeError,
            "medication entry of row 1 (patient '2') must be a str, Coding or Medication,"
            " got NoneType None",
        ),
        (
            [(1, "x"), (2, 3.5)],
            LdnTypeError,
            "medication entry of row 1 (patient '2') must be a str, Coding or Medication,"
            " got float 3.5",
        ),
        (
            [(1, Patient()), (1, Patient())],
            ScreeningError,
            "patient id of item 1 must be an id given to one patient only, got '1'",
        ),
        (
            [(1, Patient()), (2, "x")],
            LdnTypeError,
            "patient of item 1 must be a Patient, got str 'x'",
        ),
        (
            [(1, Patient()), ("a", Patient())],
            LdnTypeError,
            "patient id of item 1 must be an int, as the ids before it (one type for a cohort),"
            " got str 'a'",
        ),
        (
            [(b"1", Patient())],
            LdnTypeError,
            "patient id of item 0 must be a str or an int, got bytes b'1'",
        ),
        ({1: Patient(), 2: "x"}, LdnTypeError, "patient of item 1 must be a Patient, got str 'x'"),
        ([(1, 2)], LdnTypeError, "patient of item 0 must be a Patient, got int 2"),
    ],
)
def test_a_cohort_given_wrongly_is_an_error_naming_the_row(
    patients: object, error: type[LdnError], message: str
) -> None:
    with pytest.raises(error) as raised:
        screen_many(patients)  # type: ignore[arg-type]
    assert type(raised.value) is error
    assert str(raised.value) == message


def test_screen_names_its_own_bad_arguments() -> None:
    """screen_many screens with screen; screen's own refusals, whole."""
    with pytest.raises(LdnTypeError) as raised:
        screen(Patient(), "monograph")  # type: ignore[arg-type]
    assert str(raised.value) == "policy must be a Policy, got str 'monograph'"
    with pytest.raises(ScreeningError) as refused:
        screen(Patient(), course="sometimes")
    assert type(refused.value) is ScreeningError
    assert str(refused.value) == (
        "course must be one of new-start, continuation, restart, got 'sometimes'"
    )


def test_a_lone_patient_is_not_a_cohort() -> None:
    with pytest.raises(
        LdnTypeError, match=r"^patients must be an iterable .* got Patient Patient\("
    ):
        screen_many(Patient())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"policy": "monograph"}, "policy must be a Policy, got str 'monograph'"),
        ({"as_of": "2026-12-03"}, "as_of must be a datetime.date or None, got str '2026-12-03'"),
        (
            {"as_of": dt.datetime(2026, 12, 3, 1, 0)},
            "as_of must be a datetime.date or None, got datetime"
            " datetime.datetime(2026, 12, 3, 1, 0)",
        ),
        ({"vocabulary": "ldn"}, "vocabulary must be a Vocabulary or None, got str 'ldn'"),
    ],
)
def test_bad_options_are_refused_even_for_no_patients(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(LdnTypeError) as raised:
        screen_many([], **kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == message


# -- the vocabulary as tables ---------------------------------------------------------------


def test_every_vocabulary_code_is_in_the_code_table_with_its_substances() -> None:
    table = VOCABULARY.code_records()
    assert all(tuple(r) == ldn.opioids.CODE_COLUMNS for r in table)
    rows = {(r["system"], r["code"], r["substance"]) for r in table}
    by_name = VOCABULARY.by_name()
    for known in VOCABULARY.codes:
        for name in known.substances:
            canonical = by_name[name].name if name in by_name else name  # a synonym: its substance
            assert (known.system, known.code, canonical) in rows
    kinds = {r["kind"] for r in table}
    assert kinds == {"opioid", "peripheral-opioid", "antagonist", "neither", "medicine"}


def test_lexicon_codes_are_read_as_screening_reads_them() -> None:
    """A lexicon code naming an opioid is an opioid row; the rest are medicines."""
    lexicon = Lexicon(
        "local",
        frozenset({"aspirin"}),
        codes={
            (RXNORM, "7804"): "oxycodone",  # the vocabulary's too: its rows stand, once
            (RXNORM, "1191"): "aspirin",
            ("urn:local", "9"): "oxycodone 5 mg",
        },
    )
    small = Vocabulary(
        name="small",
        substances=[Substance("oxycodone", sources=["s"])],
        codes=[KnownCode(RXNORM, "7804", ("oxycodone", "paracetamol"), "s", "oxycodone 5 MG")],
        sources=[Source("s", "a source", "https://example.org")],
        lexicon=lexicon,
    )
    assert small.code_records() == [
        {
            "system": RXNORM,
            "code": "7804",
            "display": "oxycodone 5 MG",
            "substance": "oxycodone",
            "kind": "opioid",
            "washout": "short",
            "source": "s",
        },
        {
            "system": RXNORM,
            "code": "7804",
            "display": "oxycodone 5 MG",
            "substance": "paracetamol",
            "kind": "medicine",
            "washout": None,
            "source": "s",
        },
        {
            "system": RXNORM,
            "code": "1191",
            "display": "aspirin",
            "substance": None,
            "kind": "medicine",
            "washout": None,
            "source": "local",
        },
        {
            "system": "urn:local",
            "code": "9",
            "display": "oxycodone 5 mg",
            "substance": "oxycodone",
            "kind": "opioid",
            "washout": "short",
            "source": "local",
        },
    ]
    assert attrs.evolve(small, codes=(), lexicon=None).code_records() == []


def test_name_table_spellings_and_products() -> None:
    table = VOCABULARY.name_records()
    assert all(tuple(r) == ldn.opioids.NAME_COLUMNS for r in table)
    by_name = VOCABULARY.by_name()
    spelled = {r["name"]: r for r in table if r["market"] is None}
    assert set(spelled) == set(by_name)
    for spelling, substance in by_name.items():
        assert spelled[spelling]["substance"] == substance.name
        assert spelled[spelling]["kind"] == str(substance.kind)
        assert spelled[spelling]["washout"] == str(substance.washout)
        assert spelled[spelling]["source"] == " ".join(substance.sources)
    assert " " in spelled["morphine"]["source"]  # several sources, space-separated
    panadeine = {
        (r["substance"], r["kind"], r["washout"]) for r in table if r["name"] == "Panadeine"
    }
    assert panadeine == {("codeine", "opioid", "short"), ("paracetamol", "medicine", None)}
    products = {r["name"] for r in table if r["market"] is not None}
    assert products == {p.name for p in VOCABULARY.products}
