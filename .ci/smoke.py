"""Smoke test of a running `make run` (called by .ci/run): pages in four languages, health, API, demo login,
and the background worker's heartbeat."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
EXPECTED = {"fr": "Se connecter", "nl": "Aanmelden", "de": "Anmelden", "en": "Sign in"}


def fetch(opener: urllib.request.OpenerDirector, path: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main() -> int:
    failures: list[str] = []
    plain = urllib.request.build_opener()
    status, body = fetch(plain, "/healthz")
    if status != 200 or json.loads(body) != {"status": "ok", "database": "ok"}:
        failures.append(f"/healthz: {status} {body}")
    status, body = fetch(plain, "/api/v1/openapi.json")
    if status != 200 or json.loads(body).get("openapi", "")[:1] != "3":
        failures.append(f"/api/v1/openapi.json: {status}")
    for lang, word in EXPECTED.items():
        status, body = fetch(plain, f"/{lang}/staff/login/")
        if status != 200 or word not in body or f'lang="{lang}"' not in body:
            failures.append(f"/{lang}/staff/login/ not translated ({status}, expected {word!r})")

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, body = fetch(browser, "/en/staff/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    demo_password = os.environ.get("THB_DEMO_PASSWORD", "thb-demo-2026")
    status, body = fetch(
        browser,
        "/en/staff/login/",
        {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": "demo-coordinator",
            "password": demo_password,
            "next": "/en/staff/",
        },
    )
    if status != 200 or "demo-coordinator" not in body:
        failures.append(f"demo-coordinator could not sign in ({status})")
    status, body = fetch(browser, "/en/staff/actionplan/")
    if status != 200 or "P10. Multilingual toll-free number" not in body:
        failures.append(f"the 2008 action plan is not on the coordinator's dashboard ({status})")
    status, body = fetch(browser, "/en/staff/campaigns/")
    code = re.search(r'/staff/campaigns/([0-9a-f-]{36})/">([A-Z0-9]{6})<', body)
    if status != 200 or code is None:
        failures.append(f"the demo campaign is not on the campaigns page ({status})")
    else:
        status, body = fetch(plain, f"/c/{code.group(2)}/ro")
        if status != 200 or 'lang="ro"' not in body:
            failures.append(f"the campaign's short link does not open the hotline in Romanian ({status})")
    status, body = fetch(browser, "/en/staff/statistics/chart/contacts_by_channel.svg")
    if status != 200 or "<svg" not in body:
        failures.append(f"the statistics charts are not drawn ({status})")

    deadline = time.monotonic() + 120
    worker_ok = False
    while time.monotonic() < deadline:
        status, body = fetch(plain, "/healthz/worker")
        if status == 200:
            worker_ok = True
            break
        time.sleep(2)
    if not worker_ok:
        failures.append(f"the background worker never reported a heartbeat ({status} {body})")

    for failure in failures:
        print("SMOKE FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
