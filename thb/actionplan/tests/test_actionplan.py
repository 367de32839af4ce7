"""The action-plan tracker (issue 9 §1): the 2008 plan loaded in four languages, progress with evidence
setting the status, live figures from the platform, the dashboard, the report (PDF, CSV), access."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from thb.actionplan.loader import PLAN_2008, PlanFileError, load_plan, read_plan
from thb.actionplan.models import ActionPlan, ActionPoint, PointStatus
from thb.actionplan.services import progress_add
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A copy of ../shared/seed/action-plan-2008.fr.txt, the plan as published, kept beside the data it checks.
SEED = Path(__file__).resolve().parents[1] / "data" / "action-plan-2008.fr.txt"


@pytest.fixture
def plan():
    return load_plan()


@pytest.fixture
def coordinator(organisation):
    return UserFactory(organisation=organisation, role=Role.COORDINATOR)


def test_the_2008_plan_has_its_eleven_points_in_four_languages_with_the_french_original(plan):
    points = list(plan.points.all())
    assert [p.code for p in points] == [f"P{n}" for n in range(1, 12)]
    assert {p.pillar for p in points} == {"prevention", "protection", "prosecution", "coordination"}
    assert all(
        set(p.text) == {"fr", "nl", "de", "en"} and set(p.title) == {"fr", "nl", "de", "en"} for p in points
    )
    assert all(p.deadline == date(2011, 12, 31) for p in points)
    assert all(
        len(p.indicators) == 2 and all(set(i) == {"fr", "nl", "de", "en"} for i in p.indicators)
        for p in points
    )
    hotline = plan.points.get(code="P10")
    with translation.override("nl"):
        assert "groen nummer" in hotline.text_text
    with translation.override("en"):
        assert "toll-free" in hotline.text_text


def test_the_french_texts_are_the_seeds_words(plan):
    seed = " ".join(SEED.read_text(encoding="utf-8").replace("\u2019", "'").split())
    for code in ("P1", "P5", "P6", "P7"):
        text = plan.points.get(code=code).text["fr"].rstrip(".")
        assert text in seed, code


def test_loading_again_keeps_the_status_and_the_progress(plan, coordinator):
    point = plan.points.get(code="P5")
    progress_add(
        point=point,
        actor=coordinator,
        status="in_progress",
        note="Release 1 published",
        evidence="RPZ 2026112901",
    )
    again = load_plan()
    assert again.pk == plan.pk and again.points.get(code="P5").status == "in_progress"
    assert again.points.get(code="P5").updates.count() == 1


def test_a_broken_plan_file_is_refused_with_the_point_named(tmp_path):
    data = PLAN_2008.read_text(encoding="utf-8").replace("pillar: protection", "pillar: hope", 1)
    broken = tmp_path / "plan.yaml"
    broken.write_text(data, encoding="utf-8")
    with pytest.raises(PlanFileError, match="point P6: pillar"):
        load_plan(broken)
    assert not ActionPlan.objects.exists()
    assert read_plan(PLAN_2008)["slug"] == "thb-2008"


def test_progress_sets_the_status_keeps_the_live_figure_and_is_audited(plan, coordinator):
    point = plan.points.get(code="P10")
    update = progress_add(
        point=point,
        actor=coordinator,
        status="done",
        note="Hotline open 24/7",
        evidence="Platform release 1.0",
    )
    point.refresh_from_db()
    assert point.status == PointStatus.DONE and update.figures  # the hotline figure at that moment
    assert AuditEvent.objects.filter(action="actionplan.progress", object_uuid=point.uuid).exists()
    with pytest.raises(ValidationFailedError):
        progress_add(point=point, actor=coordinator, status="done", note="")
    with pytest.raises(ValidationFailedError):
        progress_add(point=point, actor=coordinator, status="finished", note="x")
    operator = UserFactory(role=Role.OPERATOR)
    with pytest.raises(PermissionDeniedError):
        progress_add(point=point, actor=operator, status="done", note="x")


def test_the_dashboard_the_point_page_and_the_reports(plan, coordinator):
    client = client_with_second_factor(coordinator)
    page = client.get(reverse("actionplan:dashboard")).content.decode()
    assert "P10. Multilingual toll-free number" in page
    assert "past the deadline" in page  # 2011 is long gone and nothing is done yet
    assert "Domains blocked: 0" in page
    url = reverse("actionplan:point", args=["thb-2008", "P5"])
    assert client.post(url, {"status": "done", "note": ""}).status_code == 422
    assert (
        client.post(
            url, {"status": "done", "note": "Blocking in production", "evidence": "RPZ 1"}
        ).status_code
        == 302
    )
    assert ActionPoint.objects.get(code="P5").status == "done"
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("actionplan:report", args=["thb-2008", "csv"])).content.decode())
        )
    )
    p5 = next(r for r in rows if r["code"] == "P5")
    assert (p5["status"], p5["overdue"], p5["evidence"]) == ("done", "no", "RPZ 1")
    assert "Domains blocked: 0" in p5["figures"]
    assert "Domains on the blocking list" in p5["indicators"]
    pdf = client.get(reverse("actionplan:report", args=["thb-2008", "pdf"]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Progress report to the Council of Ministers" in text and "Blocking in production" in text
    assert "1 of 11 points done" in text
    assert "ISPs applying the latest release within the agreed time" in text


def test_the_load_command(capsys):
    call_command("actionplan", "load")
    assert "action plan thb-2008: 11 points" in capsys.readouterr().out


def test_access_matrix(plan):
    assert_access_matrix(
        reverse("actionplan:dashboard"), allowed_roles=[Role.COORDINATOR], cross_organisation=False
    )
    assert_access_matrix(
        reverse("actionplan:point", args=["thb-2008", "P1"]),
        allowed_roles=[Role.COORDINATOR],
        cross_organisation=False,
    )
