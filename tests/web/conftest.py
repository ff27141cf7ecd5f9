"""Fixtures for the web app: users with each role, the demo file, and one real analysis.

The real analysis (embedding model and all) runs once per session; tests that need a
finished consultation store that result directly, and job tests reuse it through a stand-in
for the analysis call, so only the end-to-end test pays for the model again.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files import File
from django.test import Client

from sounding.config import Settings
from sounding.consult import model
from sounding.demo.consultation import write_demo
from sounding.files.columns import detect_columns
from sounding.files.consultation import build_consultation
from sounding.files.read import read_table
from sounding.web.consultations.files.columns import plan_overrides
from sounding.web.consultations.files.importer import store_analysis
from sounding.web.consultations.files.uploads import save_upload
from sounding.web.consultations.models import Consultation, Membership, Role

DEMO_RESPONDENTS = 40
PASSWORD = "a-long-enough-Passphrase-42"


#: A respondent whose answers attack the page and the spreadsheet, analysed like any other.
HOSTILE_ROW = (
    "R99999,Individual,London,25-34,No,\"<script>alert('xss')</script> charging for "
    'parking on my street is unfair",=1+2 exemptions for carers,<b>bold</b> impact on shops\n'
)


@pytest.fixture(scope="session")
def demo_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.csv", DEMO_RESPONDENTS, seed=3)
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(HOSTILE_ROW)
    return path


@pytest.fixture(scope="session")
def analysis_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SOUNDING_HOME of the session's real analysis: its vector cache makes reruns quick."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="session")
def demo_result(demo_csv: Path, analysis_home: Path) -> tuple[model.Consultation, model.Analysis]:
    """The demo analysed once, for real, with the built-in embedding model."""
    from sounding.services.consult import analyse

    table = read_table(demo_csv)
    source = build_consultation(table, detect_columns(table))
    home = analysis_home
    config = Settings(home=home, show_progress=False)
    return source, analyse(source, None, config)


@pytest.fixture(autouse=True)
def _web_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own SOUNDING_HOME and upload folder."""
    monkeypatch.setattr(django_settings, "SOUNDING_HOME", tmp_path / "home", raising=False)
    monkeypatch.setattr(django_settings, "UPLOAD_DIR", tmp_path / "home" / "web" / "uploads")
    yield
    shutil.rmtree(tmp_path / "home", ignore_errors=True)


def make_user(name: str) -> User:
    return User.objects.create_user(username=name, password=PASSWORD)


@dataclass
class People:
    outsider: User
    viewer: User
    analyst: User
    admin: User

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(getattr(self, who))
        return client


@pytest.fixture
def people(db: None) -> People:
    return People(*(make_user(n) for n in ("outsider", "viewer", "analyst", "admin")))


def add_members(consultation: Consultation, people: People) -> None:
    for who, role in (("viewer", Role.VIEWER), ("analyst", Role.ANALYST), ("admin", Role.ADMIN)):
        Membership.objects.create(user=getattr(people, who), consultation=consultation, role=role)


@pytest.fixture
def uploaded(people: People, demo_csv: Path) -> Consultation:
    """A consultation with the demo file uploaded and its detected columns stored."""
    consultation = Consultation.objects.create(name="Demo", created_by=people.admin)
    add_members(consultation, people)
    with demo_csv.open("rb") as handle:  # stored as the upload page stores it
        table = save_upload(consultation, File(handle, name=demo_csv.name))
    consultation.columns = plan_overrides(detect_columns(table))
    consultation.state = Consultation.State.UPLOADED
    consultation.save()
    return consultation


@pytest.fixture
def ready(
    uploaded: Consultation, demo_result: tuple[model.Consultation, model.Analysis]
) -> Consultation:
    """The demo consultation with its analysis stored, as a finished job leaves it."""
    source, analysis = demo_result
    store_analysis(uploaded, source, analysis)
    uploaded.state = Consultation.State.READY
    uploaded.save()
    return uploaded


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """End sessions the live server's request threads may still hold on PostgreSQL, so the
    test database can be dropped at the end of the run."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
