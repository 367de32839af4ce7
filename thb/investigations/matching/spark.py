"""Record matching on Spark for national scale (issue 8 §2: "the Spark backend documented and configurable
for national scale"): ``THB_MATCH_BACKEND=spark`` runs the same Splink model — the same comparisons,
blocking rules and training — on a Spark cluster (``THB_SPARK_MASTER``, default ``local[*]``).

The input is read and normalised by DuckDB as for the embedded backend (columns.py), written as Parquet,
and handed to Spark; Splink's similarity functions for Spark come from the jar Splink ships. pyspark is an
optional dependency (``pip install -e ".[spark]"``, Java 17 or later); without it the command says so.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb

logger = logging.getLogger(__name__)


class SparkUnavailableError(RuntimeError):
    """pyspark (or Java) is missing where THB_MATCH_BACKEND=spark asks for Spark."""


def spark_session(master: str) -> Any:
    logging.getLogger("py4j").setLevel(logging.WARNING)  # its INFO lines outlive the command at exit
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:  # pragma: no cover - the message is the behaviour
        raise SparkUnavailableError(
            'THB_MATCH_BACKEND=spark needs pyspark: pip install -e ".[spark]" (and Java 17 or later)'
        ) from exc
    return (
        SparkSession.builder.master(master)
        .appName("thb-match")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )


def spark_records(con: duckdb.DuckDBPyConnection, folder: Path, master: str) -> tuple[Any, Any]:
    """The normalised ``records`` table of DuckDB as a Spark DataFrame, and the SparkAPI to register it."""
    from splink import SparkAPI

    parquet = folder / "records.parquet"
    con.execute(f"COPY records TO '{parquet}' (FORMAT parquet)")
    spark = spark_session(master)
    spark.sparkContext.setCheckpointDir(str(folder / "checkpoints"))  # Splink breaks lineage by checkpoints
    frame = spark.read.parquet(str(parquet))
    return SparkAPI(spark_session=spark), frame
