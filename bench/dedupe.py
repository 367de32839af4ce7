"""Record matching at scale and against the classic pipeline (issue 8 §2).

``--records N`` (default 1,000,000): generates N realistic noisy person records with known truth
(thb/investigations/matching/synthetic.py: typos, transliterated names, day and month swapped, names the
other way round, missing fields, phone formats), runs ``thb match dedupe`` on them in a separate process and
reports the wall time, the peak memory of that process, and the pairwise precision, recall and F1.
Target: < 10 minutes on the project machine (2 cores, 24 GiB).

``--febrl``: on FEBRL 1-3 (from the recordlinkage package, a development dependency), Splink as shipped
against recordlinkage's standard tutorial pipeline (blocking on given name, surname and date of birth;
Jaro-Winkler, exact and Levenshtein comparisons; a sum of scores above 3): time ratio and F1 of each.

    .venv/bin/python bench/dedupe.py --records 1000000
    .venv/bin/python bench/dedupe.py --febrl

Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THB_ENV", "test")


def scale(count: int) -> None:
    from thb.investigations.matching.quality import pairwise_quality
    from thb.investigations.matching.synthetic import write_csv

    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "people.csv", Path(tmp) / "clusters.csv"
        started = time.monotonic()
        truth = write_csv(source, count, seed=2026)
        generated = time.monotonic() - started
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "thb",
                "match",
                "dedupe",
                str(source),
                "--id-column",
                "rec_id",
                "--output",
                str(output),
            ],
            check=True,
            cwd=ROOT,
        )
        elapsed = time.monotonic() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with output.open(encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            clusters = [(row[0], row[1]) for row in reader]
    quality = pairwise_quality(clusters, truth)
    print(
        json.dumps(
            {
                "records": count,
                "generation_s": round(generated, 1),
                "dedupe_s": round(elapsed, 1),
                "target_s": 600,
                "peak_memory_mib": round(peak_mib),
                "precision": round(quality.precision, 4),
                "recall": round(quality.recall, 4),
                "f1": round(quality.f1, 4),
                "true_pairs": quality.true_pairs,
                "predicted_pairs": quality.predicted_pairs,
                "cpus": os.cpu_count(),
            },
            indent=2,
        )
    )


def _recordlinkage_pipeline(frame, links):  # type: ignore[no-untyped-def]
    import recordlinkage as rl

    indexer = rl.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.block("date_of_birth")
    pairs = indexer.index(frame)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", method="levenshtein", threshold=0.85)
    compare.exact("soc_sec_id", "soc_sec_id")
    features = compare.compute(pairs, frame)
    found = features[features.sum(axis=1) > 3].index
    return {tuple(sorted(p)) for p in found}, {tuple(sorted(p)) for p in links}


def febrl() -> None:
    import recordlinkage
    from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3

    from thb.investigations.matching.dedupe import dedupe
    from thb.investigations.matching.quality import pairwise_quality

    folder = Path(recordlinkage.__file__).parent / "datasets" / "febrl"
    rows = []
    for name, loader in (("FEBRL1", load_febrl1), ("FEBRL2", load_febrl2), ("FEBRL3", load_febrl3)):
        frame, links = loader(return_links=True)
        started = time.monotonic()
        found, true = _recordlinkage_pipeline(frame, links)
        rl_time = time.monotonic() - started
        tp = len(found & true)
        rl_p = tp / len(found) if found else 1.0
        rl_r = tp / len(true)
        rl_f1 = 2 * rl_p * rl_r / (rl_p + rl_r) if tp else 0.0
        path = folder / f"dataset{name[-1]}.csv"
        started = time.monotonic()
        result = dedupe(path, "rec_id")
        splink_time = time.monotonic() - started
        truth = {rec: rec.split("-")[1] for rec, _cluster in result.clusters}
        quality = pairwise_quality(result.clusters, truth)
        rows.append(
            {
                "data": name,
                "records": len(frame),
                "splink_s": round(splink_time, 2),
                "splink_f1": round(quality.f1, 4),
                "recordlinkage_s": round(rl_time, 2),
                "recordlinkage_f1": round(rl_f1, 4),
                "time_ratio_splink_over_recordlinkage": round(splink_time / rl_time, 2),
            }
        )
    print(json.dumps(rows, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--febrl", action="store_true", help="compare with recordlinkage on FEBRL 1-3")
    args = parser.parse_args()
    if args.febrl:
        febrl()
    else:
        scale(args.records)


if __name__ == "__main__":
    main()
