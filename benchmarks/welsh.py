"""Welsh and English answers: does the same point made in both languages share a theme?

On the bilingual consultation written for Sounding (`sounding.demo.bilingual`: eight points,
each in six English and four Welsh answers), offline discovery runs twice, with every
answer embedded by the default English model (`consult.languages = ["en"]`) and with
languages told apart (the default, `["en", "cy"]`), where a question answered in both is
embedded by the multilingual model. For each run: how many answers were detected as Welsh,
the share of Welsh answers given a theme that also holds an English answer making the same
point, the Welsh answers left in Other, the evaluator's discovery F1 and the run's time.
Results go to the terminal and into BENCHMARKS.md between the consult-welsh markers.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import time
from pathlib import Path

from benchmarks_md import markdown_table, write_section
from sounding.config import Settings
from sounding.consult.evaluate import DISCOVERY, evaluate
from sounding.consult.model import Status
from sounding.datasets import write_benchmark
from sounding.demo.bilingual import across_languages, bilingual_benchmark, language_of
from sounding.files.gold import load_evaluation_inputs
from sounding.services.consult import analyse
from sounding.services.inputs import read_consultation

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "welsh"


def run(languages: list[str], consultation, gold: Path) -> list[str]:  # type: ignore[no-untyped-def]
    settings = Settings(home=WORK / "home", show_progress=False, consult={"languages": languages})
    out = WORK / ("-".join(languages))
    started = time.perf_counter()
    analysis = analyse(consultation, out, settings)
    seconds = time.perf_counter() - started
    outcomes = [o for q in analysis.questions for o in q.outcomes]
    themes_of = {o.response_id: list(o.theme_ids) for o in outcomes}
    welsh = [o for o in outcomes if language_of(o.response_id) == "cy"]
    detected = sum(o.language == "cy" for o in outcomes)
    other = sum(o.status is Status.OTHER for o in welsh) / len(welsh)
    codings, statuses = load_evaluation_inputs(out, gold)
    f1 = evaluate(codings, statuses, mode=DISCOVERY, bootstrap=0).f1
    embedder = analysis.questions and analysis.settings.get("embedder")
    multilingual = any(o.language == "cy" for o in outcomes) and len(languages) > 1
    model = settings.multilingual_embedding_model if multilingual else str(embedder)
    return [
        f"`{languages}`",
        f"`{model}`",
        f"{detected} of {len(welsh)}",
        f"{across_languages(themes_of):.0%}",
        f"{other:.0%}",
        f"{f1:.3f}",
        f"{sum(len(q.themes) for q in analysis.questions)}",
        f"{seconds:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="Do not update BENCHMARKS.md.")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    paths = write_benchmark(bilingual_benchmark(), WORK / "input")
    consultation, _ = read_consultation(paths["consultation"])
    header = [
        "consult.languages",
        "embedded by",
        "detected Welsh",
        "Welsh answers sharing a theme with English ones of the same point",
        "Welsh answers in Other",
        "discovery F1",
        "themes",
        "time (s)",
    ]
    rows = [run(languages, consultation, paths["gold"]) for languages in (["en"], ["en", "cy"])]
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, CPU only. "
        "Command: `.venv/bin/python benchmarks/welsh.py` (vector cache empty at the start, so "
        "times include embedding). Data: `sounding.demo.bilingual`, 80 answers (48 English, "
        "32 Welsh) to one question, eight points; gold is the point each answer was written "
        "for. Discovery F1 is the evaluator's (`sounding consult evaluate`, no bootstrap).",
        "",
        *markdown_table(header, rows, left=2),
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("consult-welsh", "\n".join(lines), "## Consult: Welsh and English answers")
        print(f"Updated {ROOT / 'BENCHMARKS.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
