"""Scale benchmark for offline Consult: time, peak memory and stage times from 1k to 100k.

    .venv/bin/python benchmarks/consult_scale.py [--sizes 1000 10000 100000] [--repeat 3]

For each size it generates the demo consultation (three open questions per respondent),
analyses it from a cold cache, and, in the same run, embeds the same non-blank texts with
the same model and nothing else. Results go to the terminal and into BENCHMARKS.md.

On a shared machine other work only ever adds time, so with `--repeat N` each size up to
10,000 responses is measured N times, analysis and embedding alternately, and the fastest
of each is kept (peak memory: the highest). Each size's row is saved in
benchmarks/.work/nSIZE/row.json; `--reuse SIZE` takes that row instead of measuring again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks_md import write_section

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
PYTHON = sys.executable
SOUNDING = str(Path(PYTHON).with_name("sounding"))


def measure(command: list[str], home: Path) -> dict[str, float]:
    env = {**os.environ, "SOUNDING_HOME": str(home)}
    result = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "measure.py"), *command],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_size(responses: int, repeat: int = 1) -> dict[str, object]:
    folder = WORK / f"n{responses}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    respondents = -(-responses // 3)
    data = folder / "consultation.csv"
    subprocess.run(
        [SOUNDING, "consult", "generate-demo", str(data), "--respondents", str(respondents)],
        check=True,
        capture_output=True,
    )
    analyses, embeds = [], []
    for run in range(repeat):
        # Every run from a cold cache: a fresh SOUNDING_HOME each time.
        out = folder / f"out{run}"
        analysis = measure(
            [SOUNDING, "consult", "analyse", str(data), "--out", str(out), "--no-progress"],
            folder / f"home{run}",
        )
        analysis["timings"] = json.loads((out / "summary.json").read_text())["timings"]
        analyses.append(analysis)
        embeds.append(
            measure(
                [PYTHON, str(ROOT / "benchmarks" / "embed_only.py"), str(data)], folder / f"h2{run}"
            )
        )
    analyse = min(analyses, key=lambda m: m["seconds"])
    embed = min(embeds, key=lambda m: m["seconds"])
    stages = analyse.pop("timings")
    analyse["peak_mib"] = max(m["peak_mib"] for m in analyses)
    embed["peak_mib"] = max(m["peak_mib"] for m in embeds)
    row = {
        "responses": respondents * 3,
        "runs": repeat,
        "analyse": analyse,
        "embed_only": embed,
        "ratio": analyse["seconds"] / embed["seconds"],
        "stages": stages,
    }
    (folder / "row.json").write_text(json.dumps(row, indent=2) + "\n")
    return row


def cpu_name() -> str:
    """The processor's model, since embedding speed differs several-fold between them."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def markdown(rows: list[dict[str, object]]) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores ({cpu_name()}), Python {platform.python_version()}. "
        "Cold cache; times include model load and writing every output. "
        "runs: analyses (and embed-only runs) per size, alternated; times are the fastest "
        "of them, peak memory the highest.",
        "",
        "| responses | runs | total s | peak MiB | embed-only s | total ÷ embed-only "
        "| prepare+dedup s | embed s | discover s | assign+count s | texts embedded |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        a, e, s = r["analyse"], r["embed_only"], r["stages"]
        lines.append(
            f"| {r['responses']:,} | {r.get('runs', 1)} | {a['seconds']:.1f} | "
            f"{a['peak_mib']:.0f} | "
            f"{e['seconds']:.1f} | {r['ratio']:.2f} | {s['prepare_and_deduplicate']:.1f} | "
            f"{s['embed']:.1f} | {s['discover']:.1f} | {s['assign_and_count']:.1f} | "
            f"{s['embedding_cache_misses']:,} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Runs per size up to 10,000 responses (the fastest is kept); larger sizes run once.",
    )
    parser.add_argument(
        "--reuse",
        type=int,
        nargs="*",
        default=[],
        help="Sizes whose saved row (benchmarks/.work/nSIZE/row.json) is used as measured.",
    )
    parser.add_argument("--no-write", action="store_true", help="Do not update BENCHMARKS.md.")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        if size in args.reuse:
            row = json.loads((WORK / f"n{size}" / "row.json").read_text())
        else:
            row = run_size(size, args.repeat if size <= 10_000 else 1)
        print(json.dumps(row), flush=True)
        rows.append(row)
    section = markdown(rows)
    print(section)
    if not args.no_write:
        write_section("consult-scale", section, "## Consult offline: scale")


if __name__ == "__main__":
    main()
