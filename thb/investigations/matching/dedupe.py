"""Finding the same person, company, phone or account across records (issue 8 §2): Splink's
Fellegi-Sunter model on DuckDB (embedded), trained without labels on the input itself.

``dedupe_csv`` is the contract of ``thb match dedupe INPUT.csv --id-column ID --output CLUSTERS.csv
[--threshold P]``: the columns recognised by name (columns.py) are normalised in SQL, compared with the
comparisons that suit them (names by Jaro-Winkler with exact and term-frequency levels, dates of birth and
identifiers by Damerau-Levenshtein so typos and swapped digits still count, addresses by similarity),
candidate pairs come from blocking rules built from the columns present, and pairs above the threshold are
clustered (connected components). Every input row gets a cluster; a row alone is its own cluster.

Large inputs: DuckDB runs in this process on all cores, under a memory limit (THB_MATCH_MEMORY_LIMIT); for
national scale the same settings run on Spark (docs/investigations.md).
"""

from __future__ import annotations

import csv
import logging
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.exceptions import SplinkException

from thb.core.exports import atomic_output

from .columns import NORMALISE, RECOGNISED, ColumnMap

logger = logging.getLogger(__name__)

STRONG_IDENTIFIERS = ("id_number", "phone", "email", "iban")


class DedupeInputError(ValueError):
    """The input cannot be deduplicated as given (a clear message for the person who supplied it)."""


@dataclass(frozen=True)
class DedupeResult:
    clusters: list[tuple[str, str]]  # (id, cluster_id) for every input row, in input order
    pairs_above_threshold: int

    @property
    def cluster_count(self) -> int:
        return len({cluster for _id, cluster in self.clusters})


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load_records(con: duckdb.DuckDBPyConnection, path: Path, id_column: str) -> ColumnMap:
    """Read the CSV (every column as text), check it, and create the table ``records`` with
    ``unique_id`` and the normalised recognised columns."""
    if not path.is_file():
        raise DedupeInputError(f"{path}: no such file")
    try:
        con.execute(
            "CREATE OR REPLACE TABLE raw AS SELECT * FROM read_csv(?, header = true, all_varchar = true, "
            "sample_size = -1)",
            [str(path)],
        )
    except duckdb.Error as error:
        raise DedupeInputError(f"{path}: not a readable CSV file ({str(error).splitlines()[0]})") from error
    columns = [row[0] for row in con.execute("DESCRIBE raw").fetchall()]
    by_name = {c.strip().lower(): c for c in columns}
    if id_column.strip().lower() not in by_name:
        raise DedupeInputError(
            f"no column {id_column!r} for the record ids; the columns are: "
            + ", ".join(c.strip() for c in columns)
        )
    raw_id = by_name[id_column.strip().lower()]
    empty = con.execute(
        f"SELECT count(*) FROM raw WHERE NULLIF(TRIM({_quote(raw_id)}), '') IS NULL"  # noqa: S608 (quoted name)
    ).fetchone()
    if empty and empty[0]:
        raise DedupeInputError(f"{empty[0]} row(s) have no value in the id column {id_column!r}")
    duplicate = con.execute(
        f"SELECT TRIM({_quote(raw_id)}) AS id, count(*) FROM raw GROUP BY 1 HAVING count(*) > 1 LIMIT 3"  # noqa: S608
    ).fetchall()
    if duplicate:
        raise DedupeInputError(
            f"the id column {id_column!r} repeats values: "
            + ", ".join(f"{v} ({n} times)" for v, n in duplicate)
        )
    sources = {}
    for name, alternatives in RECOGNISED.items():
        for alternative in alternatives:
            if alternative in by_name:
                sources[name] = by_name[alternative]
                break
    usable = set(sources) - {"sex", "region", "nationality"}
    if "full_name" in sources and not {"given_name", "surname"} & set(sources):
        usable |= {"given_name", "surname"}
    if len(usable) < 2:
        raise DedupeInputError(
            "at least two recognised columns are needed besides the id (names, date_of_birth, address, "
            f"phone, email, id_number, iban…); recognised here: {', '.join(sorted(sources)) or 'none'}"
        )
    selects = [f"TRIM({_quote(raw_id)}) AS unique_id"]
    for name, source in sources.items():
        selects.append(f"{NORMALISE[name](_quote(source))} AS {name}")
    if "full_name" in sources:
        full = NORMALISE["full_name"](_quote(sources["full_name"]))
        if "given_name" not in sources:
            selects.append(f"NULLIF(SPLIT_PART({full}, ' ', 1), '') AS given_name")
        if "surname" not in sources:
            selects.append(f"NULLIF(REGEXP_EXTRACT({full}, '([a-z0-9]+)$', 1), '') AS surname")
    # The select list is built from the recognised names and quoted input column names only.
    con.execute(f"CREATE OR REPLACE TABLE records AS SELECT {', '.join(selects)} FROM raw")  # noqa: S608
    con.execute("DROP TABLE raw")
    names = set(sources) | ({"given_name", "surname"} if "full_name" in sources else set())
    return ColumnMap(id_column=raw_id.strip(), sources={n: sources.get(n, "full_name") for n in names})


def _date_of_birth() -> cl.CustomComparison:
    """Exact; one typo or two digits swapped; day and month swapped (08/03 written for 03/08); two typos;
    else. Dates are YYYYMMDD strings (columns.py)."""
    left, right = "date_of_birth_l", "date_of_birth_r"
    swapped = f"{left} = substr({right}, 1, 4) || substr({right}, 7, 2) || substr({right}, 5, 2)"
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            {
                "sql_condition": f"{left} IS NULL OR {right} IS NULL",
                "label_for_charts": "null",
                "is_null_level": True,
            },
            {"sql_condition": f"{left} = {right}", "label_for_charts": "exact"},
            {"sql_condition": f"damerau_levenshtein({left}, {right}) <= 1", "label_for_charts": "one typo"},
            {
                "sql_condition": f"length({left}) = 8 AND length({right}) = 8 AND {swapped}",
                "label_for_charts": "day/month",
            },
            {"sql_condition": f"damerau_levenshtein({left}, {right}) <= 2", "label_for_charts": "two typos"},
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def _comparisons(names: set[str]) -> list:
    comparisons: list = []
    if {"given_name", "surname"} <= names:
        # Both names in one comparison: a level for names written the other way round (aliases, forms
        # that put the surname first).
        comparisons.append(cl.ForenameSurnameComparison("given_name", "surname"))
    else:
        for name in ("given_name", "surname"):
            if name in names:
                comparisons.append(cl.NameComparison(name).configure(term_frequency_adjustments=True))
    if "full_name" in names and not {"given_name", "surname"} & names:
        comparisons.append(cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88]))
    if "date_of_birth" in names:
        comparisons.append(_date_of_birth())
    for name in ("street_number", "sex", "nationality", "region"):
        if name in names:
            comparisons.append(cl.ExactMatch(name))
    for name in ("address_1", "address_2", "city"):
        if name in names:
            comparisons.append(cl.JaroWinklerAtThresholds(name, [0.94, 0.85]))
    if "postcode" in names:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("postcode", [1]))
    for name in ("id_number", "phone", "iban"):
        if name in names:
            comparisons.append(cl.DamerauLevenshteinAtThresholds(name, [1, 2]))
    if "email" in names:
        comparisons.append(cl.EmailComparison("email"))
    return comparisons


def _blocking_rules(names: set[str]) -> list[Any]:
    """Candidate pairs: records sharing a strong identifier, or two of the person's attributes."""
    rules: list[Any] = [block_on(name) for name in STRONG_IDENTIFIERS if name in names]
    pairs: list[tuple[str, ...]] = [
        ("given_name", "surname"),
        ("surname", "date_of_birth"),
        ("given_name", "date_of_birth"),
        ("date_of_birth", "postcode"),
        ("surname", "postcode"),
        ("address_1", "street_number", "postcode"),
        ("surname", "address_1"),
        ("date_of_birth", "street_number"),
        ("full_name", "date_of_birth"),
    ]
    rules += [block_on(*columns) for columns in pairs if set(columns) <= names]
    if {"given_name", "surname"} <= names:
        rules.append("l.given_name = r.surname AND l.surname = r.given_name")  # names the other way round
    return rules


def _deterministic_rules(names: set[str]) -> list:
    rules = [block_on(name) for name in ("id_number", "iban", "email") if name in names]
    if {"given_name", "surname", "date_of_birth"} <= names:
        rules.append(block_on("given_name", "surname", "date_of_birth"))
    return rules or [block_on(*sorted(names & {"given_name", "surname", "date_of_birth", "phone"})[:2])]


def _em_rules(names: set[str]) -> list:
    candidates = [("date_of_birth",), ("surname", "given_name"), ("postcode",), ("id_number",), ("phone",)]
    rules = [block_on(*rule) for rule in candidates if set(rule) <= names]
    return rules[:2]


def _train(linker: Linker, names: set[str], seed: int) -> set[str]:
    """Unsupervised training on the input itself. Small or sparse inputs cannot train every step (no pair
    shares a training rule's values, a level never observed): that step is skipped and Splink's defaults
    stand in, which is logged — the comparison still runs."""

    trained: set[str] = set()

    def attempt(label: str, step: Callable[[], object]) -> None:
        # Expectation maximisation trains without the comparisons its blocking rule fixes and puts them
        # back at the end; a step that fails half-way would leave them out of the model for good (a name
        # comparison silently lost). The comparisons are restored whatever happens.
        comparisons = list(linker._settings_obj.comparisons)
        try:
            step()
            trained.add(label.split(" ")[0])
        except (SplinkException, ValueError, ZeroDivisionError) as error:
            logger.warning("matching: training step %s skipped: %s", label, str(error).splitlines()[0])
            linker._settings_obj.comparisons = comparisons

    training = linker.training
    prior = partial(
        training.estimate_probability_two_random_records_match, _deterministic_rules(names), recall=0.7
    )
    attempt("prior", prior)
    attempt("u", partial(training.estimate_u_using_random_sampling, max_pairs=2e6, seed=seed))
    for rule in _em_rules(names):
        attempt(f"em {rule}", partial(training.estimate_parameters_using_expectation_maximisation, rule))
    return trained


MEMORY_LIMIT = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def connect(*, memory_limit: str = "", threads: int = 0) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection under the memory cap (``16GB``: settings.THB_MATCH_MEMORY_LIMIT, spilling
    beyond) on ``threads`` cores (0: all)."""
    if memory_limit and not MEMORY_LIMIT.match(memory_limit):
        raise DedupeInputError(f"the memory limit {memory_limit!r} is not a size such as 16GB")
    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads > 0:
        con.execute(f"SET threads = {int(threads)}")
    return con


def trained_linker(
    con: duckdb.DuckDBPyConnection,
    names: set[str],
    *,
    seed: int = 42,
    explain: bool = False,
    spark: tuple[Any, Any] | None = None,
) -> Linker:
    """The model for the table ``records`` (load_records), trained on it. ``explain`` keeps each
    comparison's level and Bayes factor in the predictions (the reasons shown to reviewers). ``spark``:
    the SparkAPI and the records as a Spark DataFrame (spark.py) to run on Spark instead of DuckDB."""
    if spark is None:
        db_api: Any = DuckDBAPI(connection=con)
        records = db_api.register("records")
    else:
        db_api, frame = spark
        records = db_api.register(frame)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(names),
        blocking_rules_to_generate_predictions=_blocking_rules(names),
        retain_intermediate_calculation_columns=explain,
    )
    linker = Linker(records, settings, log_level=logging.ERROR)  # untrained rare levels are expected
    trained = _train(linker, names, seed)
    logger.debug("matching: trained %s", ", ".join(sorted(trained)) or "nothing")
    return linker


def too_little_variety(error: Exception) -> DedupeInputError:
    return DedupeInputError(
        "too few records or too little variety to train the matching model; give more records or more "
        f"recognised columns ({str(error).splitlines()[0][:200]})"
    )


def dedupe(
    path: Path,
    id_column: str,
    *,
    threshold: float = 0.9,
    seed: int = 42,
    memory_limit: str = "",
    threads: int = 0,
    backend: str = "duckdb",
    spark_master: str = "local[*]",
) -> DedupeResult:
    """``memory_limit``: DuckDB's cap (e.g. ``16GB``; settings.THB_MATCH_MEMORY_LIMIT), spilling beyond;
    ``threads``: how many cores DuckDB uses (0: all); ``backend``: ``duckdb`` (embedded) or ``spark``
    (settings.THB_MATCH_BACKEND, on ``spark_master``: THB_SPARK_MASTER)."""
    if not 0.0 < threshold < 1.0:
        raise DedupeInputError("the threshold is a match probability between 0 and 1 (exclusive)")
    if backend not in ("duckdb", "spark"):
        raise DedupeInputError(f"the matching backend {backend!r} is not duckdb or spark")
    con = connect(memory_limit=memory_limit, threads=threads)
    try:
        columns = load_records(con, path, id_column)
    except DedupeInputError:
        con.close()
        raise
    if backend == "spark":
        try:
            return _dedupe_on_spark(con, columns.names, threshold=threshold, seed=seed, master=spark_master)
        finally:
            con.close()
    linker = trained_linker(con, columns.names, seed=seed)
    try:
        predictions = linker.inference.predict(threshold_match_probability=min(threshold, 0.5))
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    except SplinkException as error:
        con.close()
        raise too_little_variety(error) from error
    cluster_of = dict(
        con.sql(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall()  # noqa: S608
    )
    pairs = con.execute(
        f"SELECT count(*) FROM {predictions.physical_name} WHERE match_probability >= ?",  # noqa: S608
        [threshold],
    ).fetchone()
    ids = [row[0] for row in con.execute("SELECT unique_id FROM records").fetchall()]
    con.close()
    return DedupeResult(
        clusters=[(i, str(cluster_of.get(i, i))) for i in ids],
        pairs_above_threshold=int(pairs[0]) if pairs else 0,
    )


def _dedupe_on_spark(
    con: duckdb.DuckDBPyConnection, names: set[str], *, threshold: float, seed: int, master: str
) -> DedupeResult:
    """The same model on Spark (spark.py): results are read back through Splink's backend-neutral frames."""
    from .spark import SparkUnavailableError, spark_records

    ids = [row[0] for row in con.execute("SELECT unique_id FROM records").fetchall()]
    with tempfile.TemporaryDirectory(prefix="thb-spark-") as folder:
        try:
            spark = spark_records(con, Path(folder), master)
        except SparkUnavailableError as error:
            raise DedupeInputError(str(error)) from error
        linker = trained_linker(con, names, seed=seed, spark=spark)
        try:
            predictions = linker.inference.predict(threshold_match_probability=min(threshold, 0.5))
            clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
            cluster_of = {str(row["unique_id"]): str(row["cluster_id"]) for row in clusters.as_record_list()}
            scored = predictions.as_spark_dataframe()  # counted by Spark, not brought to the driver
            pairs = scored.filter(scored.match_probability >= threshold).count()
        except SplinkException as error:
            raise too_little_variety(error) from error
    return DedupeResult(clusters=[(i, cluster_of.get(i, i)) for i in ids], pairs_above_threshold=pairs)


def write_clusters(rows: Iterable[tuple[str, str]], output: Path, id_column: str) -> None:
    """Whole or not at all (thb.core.exports): a full disk raises ExportWriteError, the old file stays."""
    with atomic_output(output, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([id_column, "cluster_id"])
        writer.writerows(rows)
