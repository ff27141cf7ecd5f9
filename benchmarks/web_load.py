"""Load benchmark for the web app: server time and concurrent users on a 100,000-response
consultation, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/web_load.py [--responses 100000] [--requests 100]
        [--users 20] [--seconds 60] [--databases sqlite postgres] [--no-meaning]
        [--section web-load] [--no-write]

A million responses: `--responses 1000000 --section web-load-1m` (its own section of
BENCHMARKS.md, after the 100,000-response one).

For each database it creates a fresh one (SQLite in benchmarks/.work/web-load/, PostgreSQL
as `sounding_bench` at postgres://postgres@127.0.0.1:5432/, created and dropped here), loads
the consultation, and measures:

1. server time, in-process with Django's test client (`time.perf_counter` around each
   request, all middleware included): the dashboard, a filtered response list (theme +
   stance + a respondent attribute, page 1), one question's response list, a keyword
   search, a theme page, and search by meaning over every response (the first search, a
   new query, a further page). Each page's first request finds the cache empty (its time is
   reported apart, as "first"); the loading time, and the loading process's peak memory,
   are reported too;
2. `sounding serve --no-worker` on 127.0.0.1 with 20 users, each signed in with its own
   session, looping over dashboard / response list / theme page for 60 seconds (every
   request with a 30 s timeout, at most 5,000 requests per user): errors and latency.

Loading is cheap on purpose: the real analysis (embedding model and all) runs once on a
300-respondent demo (cached in benchmarks/.work/web-load/seed.pkl); the 100,000 responses
are the demo generator's rows (`sounding.demo.consultation`, three open questions per
respondent), each given the outcome, themes and scores of a seed response of the same
question (blank for blank, otherwise round robin), and stored with the web app's own
`store_analysis`. Results go to the terminal and into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import pickle
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks_md import write_section

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "web-load"
PYTHON = sys.executable
SOUNDING = str(Path(PYTHON).with_name("sounding"))
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
BENCH_DB = "sounding_bench"
PASSWORD = "bench-Passphrase-long-enough-42"
SEED_RESPONDENTS = 300
MAX_PER_USER = 5000


# --- the seed analysis and the scaled-up one --------------------------------------------


def seed_analysis() -> tuple[Any, Any]:
    """The real analysis of a small demo, run once and kept in WORK/seed.pkl."""
    path = WORK / "seed.pkl"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except (AttributeError, ImportError, TypeError, pickle.UnpicklingError):
            pass  # written by an older `sounding.consult.model`: analyse again
    from sounding.config import Settings
    from sounding.demo.consultation import write_demo
    from sounding.services.consult import analyse

    source = _source(write_demo(WORK / "seed.csv", SEED_RESPONDENTS, seed=11))
    home = WORK / "seed-home"
    result = (
        source,
        analyse(source, None, Settings(home=home, show_progress=False)),
    )
    path.write_bytes(pickle.dumps(result))
    return result


def _source(csv: Path) -> Any:
    from sounding.files.columns import detect_columns
    from sounding.files.consultation import build_consultation
    from sounding.files.read import read_table

    table = read_table(csv)
    return build_consultation(table, detect_columns(table))


def scaled(responses: int) -> tuple[Any, Any]:
    """The demo with ceil(responses / 3) respondents, given outcomes copied from the seed."""
    from dataclasses import replace

    from sounding.consult import model
    from sounding.demo.consultation import write_demo

    seed_source, seed = seed_analysis()
    source = _source(write_demo(WORK / "big.csv", -(-responses // 3), seed=7))
    by_question: dict[str, list[Any]] = {}
    for r in source.responses:
        by_question.setdefault(r.question_id, []).append(r)
    questions = []
    for qa in seed.questions:
        scores: dict[str, list[tuple[str, float]]] = {}
        for a in qa.assignments:
            scores.setdefault(a.response_id, []).append((a.theme_id, a.score))
        blank = [o for o in qa.outcomes if o.status is model.Status.BLANK]
        filled = [o for o in qa.outcomes if o.status is not model.Status.BLANK]
        outcomes, assignments = [], []
        for i, r in enumerate(by_question.get(qa.question.id, [])):
            pool = blank if not r.text.strip() and blank else filled
            template = pool[i % len(pool)]
            outcomes.append(replace(template, response_id=r.id, text=r.text, duplicate_of=None))
            assignments += [
                model.Assignment(r.id, qa.question.id, theme, score)
                for theme, score in scores.get(template.response_id, [])
            ]
        questions.append(replace(qa, outcomes=outcomes, assignments=assignments, breakdown=[]))
    del seed_source
    return source, replace(seed, questions=questions)


# --- one database: load, time in-process, then the server under load --------------------


def _peak_mib() -> int:
    """This process's peak resident memory so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_database(
    kind: str, responses: int, requests: int, users: int, seconds: float, meaning: bool = True
) -> dict:
    """Runs in its own process (Django is configured once per process)."""
    home = WORK / kind
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = {
        "SOUNDING_HOME": str(home),
        "SOUNDING_WEB_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "sounding.web.settings.local",
    }
    if kind == "postgres":
        _recreate_postgres()
        env["DATABASE_URL"] = POSTGRES + BENCH_DB
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    from sounding.web.entry import setup

    setup()
    started = time.perf_counter()
    source, analysis = scaled(responses)
    built = time.perf_counter() - started
    built_peak = _peak_mib()
    consultation, urls = _load(source, analysis, users)
    loaded = time.perf_counter() - started - built
    peak = _peak_mib()
    print(
        f"[{kind}] built in {built:.0f} s (peak {built_peak} MiB), stored in {loaded:.0f} s "
        f"(store_analysis {consultation['store_seconds']:.0f} s; peak {peak} MiB)",
        flush=True,
    )
    timings = {name: _time_in_process(url, requests) for name, url in urls.items()}
    if meaning:
        timings.update(_time_meaning_search(consultation["pk"], requests))
    for name, t in timings.items():
        print(f"[{kind}] {name}: {t}", flush=True)
    from django.db import connections

    connections.close_all()
    load = _load_test(env, consultation, urls, users, seconds)
    print(f"[{kind}] load: {load}", flush=True)
    return {
        "database": kind,
        "responses": consultation["responses"],
        "codings": consultation["codings"],
        "load_seconds": round(built + loaded),
        "build_seconds": round(built),
        "store_seconds": round(consultation["store_seconds"]),
        "peak_mib_built": built_peak,
        "peak_mib": peak,
        "timings": timings,
        "load": load,
    }


def _recreate_postgres() -> None:
    import psycopg

    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (BENCH_DB,),
        )
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (BENCH_DB,),
        )
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def _load(source: Any, analysis: Any, users: int) -> tuple[dict, dict[str, str]]:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from sounding.web.consultations.files.importer import store_analysis
    from sounding.web.consultations.models import (
        Consultation,
        Membership,
        Response,
        ResponseTheme,
        Role,
        Stance,
    )
    from sounding.web.consultations.queries import keywords

    password = make_password(PASSWORD)  # hashed once, shared by every benchmark user
    owner = User.objects.create(username="bench", password=password)
    consultation = Consultation.objects.create(name="Benchmark", created_by=owner)
    began = time.perf_counter()
    with transaction.atomic():
        store_analysis(consultation, source, analysis)
        consultation.state = Consultation.State.READY
        consultation.save()
    stored = time.perf_counter() - began
    keywords.refresh_statistics(connection)  # as the analysis job does once it has stored
    people = [owner] + [
        User.objects.create(username=f"user{i:02d}", password=password) for i in range(users)
    ]
    Membership.objects.bulk_create(
        Membership(user=u, consultation=consultation, role=Role.ANALYST) for u in people
    )
    question = consultation.questions.first()
    assert question is not None
    theme = question.themes.order_by("position").first()
    assert theme is not None
    column = consultation.analysis_meta["metadata_columns"][0]
    value = consultation.analysis_meta["metadata_values"][column][0]
    base = f"/consultations/{consultation.pk}"
    urls = {
        "dashboard": f"{base}/dashboard/",
        "response list, filtered": (
            f"{base}/responses/?question={question.pk}&theme={theme.pk}"
            f"&stance={Stance.AGREE}&m0={value}"
        ),
        "response list, one question": f"{base}/responses/?question={question.pk}",
        "keyword search": f"{base}/responses/?q=pavement",
        "theme page": f"{base}/questions/{question.pk}/themes/",
    }
    summary = {
        "pk": consultation.pk,
        "store_seconds": stored,
        "responses": Response.objects.filter(consultation=consultation).count(),
        "codings": ResponseTheme.objects.filter(theme__question__consultation=consultation).count(),
    }
    return summary, urls


def _percentiles(values: list[float], first: float | None = None) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "n": len(ordered),
        **({"first": round(first * 1000, 1)} if first is not None else {}),
        "p50": round(statistics.median(ordered) * 1000, 1),
        "p95": round(pick(0.95) * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def _time_in_process(url: str, requests: int) -> dict[str, float]:
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    cache.clear()  # the first request finds nothing cached: counts are made afresh
    began = time.perf_counter()
    assert client.get(url).status_code == 200, url
    first = time.perf_counter() - began
    assert client.get(url).status_code == 200, url  # warm-up: templates compiled
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    return _percentiles(times, first)


MEANING_QUERIES = [
    "children crossing the road outside school",
    "people who need their car for work",
    "cleaner air and less noise",
    "what it costs local shops",
    "disabled drivers and blue badges",
]


def _fill_vector_cache() -> None:
    """Give every response's pieces a vector in the vector cache, as the analysis leaves
    them. Synthetic (seeded random unit vectors): embedding 100,000 responses is the
    analysis's cost, measured by consult_scale.py; the queries are embedded for real."""
    import numpy as np

    from sounding.consult.embed_text import pieces_to_embed
    from sounding.services.embedding import open_embedder
    from sounding.storage.vector_cache import text_hash
    from sounding.web.consultations.background.analysis import sounding_settings
    from sounding.web.consultations.models import Response

    settings = sounding_settings()
    texts = Response.objects.exclude(text="").values_list("text", flat=True).distinct()
    pieces = {p for t in texts for p in pieces_to_embed(t, settings.max_embed_words)}
    with open_embedder(settings) as embedder:
        dimension = embedder.embed(["a query"]).shape[1]
        rng = np.random.default_rng(0)
        vectors = rng.standard_normal((len(pieces), dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        keys = [text_hash(p) for p in pieces]
        embedder.cache.put_many(embedder.name, zip(keys, vectors, strict=True))


def _time_meaning_search(pk: int, requests: int) -> dict[str, dict[str, float]]:
    """Search by meaning over the whole consultation (every question, no other filter):
    the first search (gathering the vectors), a new query each time, and further pages of a
    query already ranked."""
    from django.contrib.auth.models import User
    from django.test import Client

    _fill_vector_cache()
    client = Client()
    client.force_login(User.objects.get(username="bench"))
    url = f"/consultations/{pk}/responses/"
    began = time.perf_counter()
    assert client.get(url, {"meaning": "first search"}).status_code == 200
    first = time.perf_counter() - began
    fresh, paging = [], []
    for i in range(requests):
        query = f"{MEANING_QUERIES[i % len(MEANING_QUERIES)]} {i}"
        began = time.perf_counter()
        assert client.get(url, {"meaning": query}).status_code == 200
        fresh.append(time.perf_counter() - began)
        began = time.perf_counter()
        assert client.get(url, {"meaning": query, "page": 2 + i % 5}).status_code == 200
        paging.append(time.perf_counter() - began)
    return {
        "meaning search, first (gathers vectors)": _percentiles([first]),
        "meaning search, new query": _percentiles(fresh),
        "meaning search, next page": _percentiles(paging),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load_test(
    env: dict[str, str], consultation: dict, urls: dict[str, str], users: int, seconds: float
) -> dict[str, Any]:
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads fills up (waitress warns about its
    # queue under this load) and then blocks every thread that logs, stalling the server.
    log = (WORK / f"serve-{port}.log").open("w")
    server = subprocess.Popen(
        [SOUNDING, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    try:
        for _ in range(300):
            try:
                _Browser(port).get("/accounts/sign-in/")
                break
            except OSError:
                time.sleep(0.2)
        pages = [urls["dashboard"], urls["response list, filtered"], urls["theme page"]]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        ready = threading.Barrier(users + 1)  # the users and this thread
        deadline: list[float] = []

        def user(index: int) -> None:
            client = _Browser(port)
            try:
                client.sign_in(f"user{index:02d}")
            except Exception as exc:  # counted, not raised: the run goes on
                with lock:
                    errors.append(f"sign-in: {exc!r}")
            with contextlib.suppress(threading.BrokenBarrierError):  # a slow sign-in: go on
                ready.wait()
            for n in range(MAX_PER_USER):
                if time.perf_counter() > deadline[0]:
                    break
                url = pages[(n + index) % len(pages)]
                began = time.perf_counter()
                try:
                    status = client.get(url)
                    problem = None if status == 200 else f"{url}: HTTP {status}"
                except (OSError, http.client.HTTPException) as exc:
                    problem = f"{url}: {exc!r}"
                    client.reconnect()
                took = time.perf_counter() - began
                with lock:
                    latencies.append(took)
                    if problem:
                        errors.append(problem)
            client.close()

        deadline.append(time.perf_counter() + seconds + 60)  # until every user is signed in
        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        for t in threads:
            t.start()
        with contextlib.suppress(threading.BrokenBarrierError):
            ready.wait(timeout=seconds + 60)  # every user signed in
        began = time.perf_counter()
        deadline[0] = began + seconds
        for t in threads:
            t.join(timeout=seconds + 60)
        elapsed = time.perf_counter() - began
        return {
            "users": users,
            "seconds": round(elapsed, 1),
            "requests": len(latencies),
            "per_second": round(len(latencies) / elapsed, 1),
            "errors": len(errors),
            "first_errors": errors[:5],
            **_percentiles(latencies),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class _Browser:
    """One user: a keep-alive connection to the server and its own cookies (session, CSRF)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def close(self) -> None:
        self.connection.close()

    def request(self, method: str, url: str, body: str | None = None) -> int:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
        self.connection.request(method, url, body=body, headers=headers)
        answer = self.connection.getresponse()
        answer.read()
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer.status

    def get(self, url: str) -> int:
        return self.request("GET", url)

    def sign_in(self, username: str) -> None:
        self.get("/accounts/sign-in/")
        form = {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        }
        status = self.request("POST", "/accounts/sign-in/", urlencode(form))
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")


# --- the report ---------------------------------------------------------------------------


def table(rows: list[dict], responses: int) -> str:
    lines = [
        f"{rows[0]['responses']:,} responses ({rows[0]['codings']:,} theme codings) in one "
        f"consultation, {platform.processor() or platform.machine()}, {os.cpu_count()} cores "
        f"(shared), Python {platform.python_version()}. Server time in-process with Django's "
        "test client, all middleware included; milliseconds. First: the first request, with "
        "nothing cached (counts made afresh); p50, p95 and max: the requests after it.",
        "",
        "| Database | Page | Requests | First | p50 | p95 | max |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for name in row["timings"]:
            t = row["timings"][name]
            lines.append(
                f"| {row['database']} | {name} | {t['n']} | {t.get('first', '-')} | {t['p50']} "
                f"| {t['p95']} | {t['max']} |"
            )
    lines += [
        "",
        "`sounding serve --no-worker` (waitress, 8 threads) on 127.0.0.1; each user signs in "
        "with its own session and loops over dashboard, filtered response list and theme page. "
        "Latency is client-side, milliseconds.",
        "",
        "| Database | Users | Seconds | Requests | Per second | Errors | p50 | p95 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        x = row["load"]
        lines.append(
            f"| {row['database']} | {x['users']} | {x['seconds']} | {x['requests']} | "
            f"{x['per_second']} | {x['errors']} | {x.get('p50', '-')} | {x.get('p95', '-')} | "
            f"{x.get('max', '-')} |"
        )
    lines += [
        "",
        "Loading (generate the demo rows, copy the seed outcomes, `store_analysis`): "
        + ", ".join(f"{r['database']} {r['load_seconds']} s" for r in rows)
        + "; of which `store_analysis`: "
        + ", ".join(f"{r['database']} {r.get('store_seconds', '-')} s" for r in rows)
        + ". Peak memory of the loading process (generating the rows included): "
        + ", ".join(f"{r['database']} {r.get('peak_mib', '-')} MiB" for r in rows)
        + ".",
    ]
    return "\n".join(lines)


_INTRO = """\
`.venv/bin/python benchmarks/web_load.py`: a 100,000-response consultation (the demo
generator's rows with outcomes copied from a real analysis of a 300-respondent demo, stored
with the web app's importer) on a fresh SQLite file and a fresh PostgreSQL database. Target:
p95 ≤ 500 ms for the dashboard and a filtered response list, p95 ≤ 1 s for search by meaning
over every response, and 20 concurrent users for a minute without errors."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    parser.add_argument("--no-meaning", action="store_true", help="leave out the search by meaning")
    parser.add_argument(
        "--section",
        default="web-load",
        help="the BENCHMARKS.md section to write (web-load-1m: the million-response one)",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one database here
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.one:
        row = run_database(
            args.one,
            args.responses,
            args.requests,
            args.users,
            args.seconds,
            meaning=not args.no_meaning,
        )
        (WORK / f"{args.one}.json").write_text(json.dumps(row, indent=2), encoding="utf-8")
        return
    seed_analysis()
    rows = []
    for kind in args.databases:
        command = [PYTHON, __file__, "--one", kind, "--responses", str(args.responses)]
        command += ["--requests", str(args.requests), "--users", str(args.users)]
        command += ["--seconds", str(args.seconds)] + (["--no-meaning"] if args.no_meaning else [])
        try:
            subprocess.run(command, check=True)
        finally:
            if kind == "postgres":
                drop_postgres()
        rows.append(json.loads((WORK / f"{kind}.json").read_text(encoding="utf-8")))
    text = table(rows, args.responses)
    print(text)
    if not args.no_write:
        write_section(args.section, text, "## Web app: load", _INTRO)


if __name__ == "__main__":
    main()
