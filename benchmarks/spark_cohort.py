"""The PySpark recipes of the cohort guide, run in local mode, with their figures.

    python benchmarks/spark_cohort.py [--patients N] [--cores K] [--check N]

Needs ``pyspark`` (3.5), ``pyarrow`` and ``pandas`` and a Java runtime (17 here); none
of them is a dependency of ``ldn``, and CI does not run this script (about 300 MB of
downloads and a JVM). The cohort is ``benchmarks/cohort.py``'s: ten entries a patient
drawn from real medication-list strings, one in ten an opioid, half with a sig added.

Two recipes, each timed end to end (the rows already in a Spark DataFrame, the
answer collected on the driver):

* **distinct strings once**: the distinct entries are classified once each
  (``Vocabulary.scan``: opioids named, words not recognised) with ``mapInPandas``,
  then joined back to the rows; the answer is the set of persons with an opioid entry.
* **whole screening**: the rows are partitioned by person, and each partition is
  screened with ``ldn.screen_many`` (``mapInPandas``), giving the same records as
  ``ldn.screen_many`` on one machine: the opioid-free interval, antagonists and
  closed-world findings included.

Beside them, in the same run, ``ldn.screen_many`` in a process pool of the same number
of cores (``benchmarks/cohort.py``'s way) on the same rows. ``--check N`` compares the
Spark records of the first N patients with ``ldn.screen_many``'s and fails on any
difference.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cohort import rows  # noqa: E402

import ldn  # noqa: E402

RECORDS_SCHEMA = (
    "patient long, code string, severity string, rule_id string, "
    "summary string, message string, trigger string"
)
CLASSIFIED_SCHEMA = "drug string, opioids string, unknown string"


def classify(parts: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Each distinct entry's opioids and unrecognised words (runs on the executors)."""
    import ldn

    vocabulary = ldn.opioids.default_vocabulary()
    for part in parts:
        scans = [vocabulary.scan(text) for text in part["drug"]]
        yield pd.DataFrame(
            {
                "drug": part["drug"],
                "opioids": [
                    ", ".join(sorted({m.substance.name for m in s.opioids})) for s in scans
                ],
                "unknown": [" ".join(s.unknown) for s in scans],
            }
        )


def screen_partition(parts: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``ldn.screen_many`` on one partition's rows (runs on the executors).

    Arrow hands a partition over in batches, and a person's rows may straddle two:
    the whole partition is gathered first, so each person is screened once, whole.
    """
    import ldn

    frame = pd.concat(list(parts), ignore_index=True)
    if frame.empty:
        return
    records = ldn.screen_many(zip(frame["person_id"].tolist(), frame["drug"].tolist(), strict=True))
    yield pd.DataFrame(records, columns=list(ldn.contraindication.RECORD_COLUMNS))


def distinct_once(exposure):  # type: ignore[no-untyped-def]
    """Recipe 1: persons with an opioid entry, each distinct string classified once."""
    classified = exposure.select("drug").distinct().mapInPandas(classify, CLASSIFIED_SCHEMA)
    joined = exposure.join(classified, "drug")
    return joined.where(joined.opioids != "").select("person_id").distinct()


def whole_screening(exposure, partitions: int):  # type: ignore[no-untyped-def]
    """Recipe 2: every person screened whole, ``ldn.screen_many``'s records."""
    by_person = exposure.repartition(partitions, "person_id")
    return by_person.mapInPandas(screen_partition, RECORDS_SCHEMA)


def _pool_chunk(first_count: tuple[int, int]) -> int:
    first, count = first_count
    return len(ldn.screen_many(rows(first, count, seed=1)))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--check", type=int, default=2_000)
    arguments = parser.parse_args()
    patients, cores = arguments.patients, arguments.cores

    from pyspark.sql import SparkSession

    # The executors' Python is this one (with ldn, pandas and pyarrow), not the system's.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("ldn-cohort")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    chunk = 10_000
    starts = [(first, min(chunk, patients - first)) for first in range(0, patients, chunk)]
    made = time.perf_counter()
    table = pd.DataFrame(
        [row for first, count in starts for row in rows(first, count, seed=1)],
        columns=["person_id", "drug"],
    )
    exposure = spark.createDataFrame(table).cache()
    entries = exposure.count()
    made = time.perf_counter() - made
    distinct = exposure.select("drug").distinct().count()
    # Warm-up, not timed: starts the executors' Python workers (Spark reuses them) and
    # loads the vocabulary in each, so neither recipe pays it for the other.
    few = exposure.where(exposure.person_id < 1_000)
    distinct_once(few).count()
    whole_screening(few, 4 * cores).count()

    began = time.perf_counter()
    persons = distinct_once(exposure).count()
    first = time.perf_counter() - began

    began = time.perf_counter()
    records = whole_screening(exposure, 4 * cores).count()
    second = time.perf_counter() - began

    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=cores) as pool:
        pooled = sum(pool.map(_pool_chunk, starts))
    third = time.perf_counter() - began

    if arguments.check:
        sample = exposure.where(exposure.person_id < arguments.check)
        got = whole_screening(sample, 4 * cores).toPandas()
        want = pd.DataFrame(
            ldn.screen_many(rows(0, arguments.check, seed=1)),
            columns=list(ldn.contraindication.RECORD_COLUMNS),
        )
        order = list(ldn.contraindication.RECORD_COLUMNS)
        got = got.sort_values(order, na_position="first").reset_index(drop=True)
        want = want.sort_values(order, na_position="first").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
        print(f"check: the Spark records of {arguments.check:,} patients equal ldn.screen_many's")
    if records != pooled:
        print(f"record counts differ: Spark {records:,}, process pool {pooled:,}")
        return 1

    import pyspark

    print(
        f"{patients:,} patients, {entries:,} entries ({distinct:,} distinct strings); "
        f"{cores} cores; pyspark {pyspark.__version__} local mode; Python {platform.python_version()}"
    )
    print(f"rows made and cached in Spark: {made:.1f} s (not counted below)")
    print(
        f"distinct strings once, joined back: {first:.1f} s, "
        f"{entries / first:,.0f} entries/s ({persons:,} persons with an opioid entry)"
    )
    print(
        f"whole screening (screen_many per partition): {second:.1f} s, "
        f"{entries / second:,.0f} entries/s ({records:,} records)"
    )
    print(
        f"ldn.screen_many in a process pool of {cores}: {third:.1f} s, "
        f"{entries / third:,.0f} entries/s ({pooled:,} records)"
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
