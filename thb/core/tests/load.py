"""A small HTTP load generator (threads, one keep-alive connection per client) shared by bench/load.py and
the CI-sized load test (thb/api/tests/test_load.py): counts, rates, percentiles and statuses per path."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load(
    port: int,
    *,
    clients: int,
    seconds: float,
    requests: list[tuple[str, str, object, dict]],
    on_response: Callable[[str, int, bytes], None] | None = None,
) -> dict:
    """Each client loops over ``requests`` (method, path, body factory or None, headers) in turn, on its own
    keep-alive connection; ``on_response(path, status, body)`` sees every answer (status 0: no answer)."""
    latencies: dict[str, list[float]] = {path: [] for _m, path, _b, _h in requests}
    statuses: dict[str, dict[int, int]] = {path: {} for _m, path, _b, _h in requests}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        turn = offset
        while time.monotonic() < stop_at:
            method, path, body_of, headers = requests[turn % len(requests)]
            turn += 1
            body = body_of() if callable(body_of) else None
            started = time.perf_counter()
            try:
                connection.request(
                    method, path, body=body, headers={"Content-Type": "application/json", **headers}
                )
                response = connection.getresponse()
                answer = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, answer = 0, b""
            if on_response is not None:
                on_response(path, status, answer)
            with lock:
                latencies[path].append((time.perf_counter() - started) * 1000)
                statuses[path][status] = statuses[path].get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    return {
        path: {
            "requests": len(values),
            "rate": len(values) / duration,
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "p99": percentile(values, 99),
            "statuses": statuses[path],
        }
        for path, values in latencies.items()
    }
