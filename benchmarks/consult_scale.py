"""Scale benchmark for offline Consult: time, peak memory and stage times from 10k to 1M.

    .venv/bin/python benchmarks/consult_scale.py [--sizes 10000 100000 1000000] [--repeat 3]
        [--ray-size 100000 --ray-workers 1 2]

For each size it generates the demo consultation (three open questions per respondent,
about 30% of all answers campaign copies: --campaign-share 0.58 of respondents), analyses it
from a cold cache, and, in the same run, embeds the same non-blank texts with the same
model and nothing else. Above 100,000 responses the embed-only baseline embeds a uniform
10% sample and its time is multiplied by ten (an hour of embedding saved; embedding time
is linear in the texts). With --ray-size, the same data of that size is analysed with the
Ray engine on a private local cluster of each --ray-workers count. Results go to the
terminal and into BENCHMARKS.md.

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


def measure(command: list[str], home: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    environment = {**os.environ, **(env or {}), "SOUNDING_HOME": str(home)}
    result = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "measure.py"), *command],
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        # What the command printed is the only record of why it failed: show it.
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


#: Above this many responses the embed-only baseline is projected from a 10% sample.
FULL_BASELINE_UP_TO = 100_000
BASELINE_SAMPLE = 0.1


def generate(responses: int, campaign_share: float, name: str = "n") -> tuple[Path, int]:
    """The demo data of `responses`, generated once (a million rows take minutes) into
    benchmarks/.work/NAME+SIZE/, whose earlier outputs and caches are removed."""
    folder = WORK / f"{name}{responses}"
    respondents = -(-responses // 3)
    data = folder / "consultation.csv"
    made = folder / "generated.json"
    recipe = json.dumps({"respondents": respondents, "campaign_share": campaign_share})
    if data.exists() and made.exists() and made.read_text() == recipe:
        for old in folder.iterdir():
            if old not in (data, made):
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        return data, respondents
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(
        [
            *(SOUNDING, "consult", "generate-demo", str(data)),
            *("--respondents", str(respondents), "--campaign-share", str(campaign_share)),
        ],
        check=True,
        capture_output=True,
    )
    made.write_text(recipe)
    return data, respondents


def analyse_once(data: Path, name: str, *extra: str, env: dict[str, str] | None = None) -> dict:
    """One analysis from a cold cache (a fresh SOUNDING_HOME), with its stage timings."""
    out = data.parent / f"out-{name}"
    analysis = measure(
        [SOUNDING, "consult", "analyse", str(data), "--out", str(out), "--no-progress", *extra],
        data.parent / f"home-{name}",
        env,
    )
    analysis["timings"] = json.loads((out / "summary.json").read_text())["timings"]
    return analysis


def run_size(responses: int, repeat: int = 1, campaign_share: float = 0.58) -> dict[str, object]:
    data, respondents = generate(responses, campaign_share)
    folder = data.parent
    analyses, embeds = [], []
    sample = responses > FULL_BASELINE_UP_TO
    for run in range(repeat):
        analyses.append(analyse_once(data, str(run)))
        command = [PYTHON, str(ROOT / "benchmarks" / "embed_only.py"), str(data)]
        embed = measure(command + ([str(BASELINE_SAMPLE)] if sample else []), folder / f"h2{run}")
        if sample:
            embed["seconds"] /= BASELINE_SAMPLE
        embeds.append(embed)
    analyse = min(analyses, key=lambda m: m["seconds"])
    embed = min(embeds, key=lambda m: m["seconds"])
    stages = analyse.pop("timings")
    analyse["peak_mib"] = max(m["peak_mib"] for m in analyses)
    embed["peak_mib"] = max(m["peak_mib"] for m in embeds)
    row = {
        "responses": respondents * 3,
        "engine": "local",
        "baseline_sampled": sample,
        "runs": repeat,
        "analyse": analyse,
        "embed_only": embed,
        "ratio": analyse["seconds"] / embed["seconds"],
        "stages": stages,
    }
    (folder / "row.json").write_text(json.dumps(row, indent=2) + "\n")
    return row


def run_ray(responses: int, workers: list[int], campaign_share: float) -> list[dict[str, object]]:
    """The Ray engine on `responses`, once per worker count, beside the local engine on the
    same data; embedding threads are one per worker in both, so results are identical."""
    data, respondents = generate(responses, campaign_share, "ray")
    rows = []
    single = {"SOUNDING_EMBEDDING_THREADS": "1"}
    local = analyse_once(data, "local-1thread", env=single)
    for count in workers:
        env = {**single, "SOUNDING_CONSULT__RAY_WORKERS": str(count)}
        ray = analyse_once(data, f"ray{count}", "--engine", "ray", env=env)
        same = all(
            (data.parent / "out-local-1thread" / name).read_bytes()
            == (data.parent / f"out-ray{count}" / name).read_bytes()
            for name in ("themes.csv", "assignments.csv", "responses.csv", "campaigns.csv")
        )
        rows.append(
            {
                "responses": respondents * 3,
                "workers": count,
                "ray": ray,
                "local": local,
                "overhead": ray["seconds"] / local["seconds"],
                "identical": same,
            }
        )
    (data.parent / "ray.json").write_text(json.dumps(rows, indent=2) + "\n")
    return rows


def cpu_name() -> str:
    """The processor's model, since embedding speed differs several-fold between them."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def markdown(rows: list[dict[str, object]], ray_rows: list[dict[str, object]]) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores ({cpu_name()}), Python {platform.python_version()}. "
        "Demo data with about 30% of answers campaign copies. Cold cache; times include model "
        "load and writing every output. runs: analyses (and embed-only runs) per size, "
        "alternated; times are the fastest of them, peak memory the highest. *: embed-only "
        "projected from a uniform 10% sample.",
        "",
        "| responses | runs | total s | peak MiB | embed-only s | total ÷ embed-only "
        "| prepare+dedup s | embed s | discover s | assign+count s | texts embedded |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        a, e, s = r["analyse"], r["embed_only"], r["stages"]
        star = "*" if r.get("baseline_sampled") else ""
        lines.append(
            f"| {r['responses']:,} | {r.get('runs', 1)} | {a['seconds']:.1f} | "
            f"{a['peak_mib']:.0f} | "
            f"{e['seconds']:.1f}{star} | {r['ratio']:.2f} | {s['prepare_and_deduplicate']:.1f} | "
            f"{s['embed']:.1f} | {s['discover']:.1f} | {s['assign_and_count']:.1f} | "
            f"{s['embedding_cache_misses']:,} |"
        )
    if ray_rows:
        lines += [
            "",
            "Ray engine (private local cluster started by the command) against the local engine "
            "on the same data, both embedding with one thread per model "
            "(`SOUNDING_EMBEDDING_THREADS=1`) so that their results can be compared bit for "
            "bit; peak memory is the driver's.",
            "",
            "| responses | Ray workers | Ray s | local s | Ray ÷ local | driver peak MiB "
            "| embed s | identical outputs |",
            "|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in ray_rows:
            ray, local = r["ray"], r["local"]
            lines.append(
                f"| {r['responses']:,} | {r['workers']} | {ray['seconds']:.1f} | "
                f"{local['seconds']:.1f} | {r['overhead']:.2f} | {ray['peak_mib']:.0f} | "
                f"{ray['timings']['embed']:.1f} | {'yes' if r['identical'] else 'NO'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000, 1000000])
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
    parser.add_argument("--campaign-share", type=float, default=0.58)
    parser.add_argument("--ray-size", type=int, default=0, help="Responses for the Ray rows.")
    parser.add_argument("--ray-workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument(
        "--reuse-ray", action="store_true", help="Take the Ray rows saved by an earlier run."
    )
    parser.add_argument("--no-write", action="store_true", help="Do not update BENCHMARKS.md.")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        if size in args.reuse:
            row = json.loads((WORK / f"n{size}" / "row.json").read_text())
        else:
            row = run_size(size, args.repeat if size <= 10_000 else 1, args.campaign_share)
        print(json.dumps(row), flush=True)
        rows.append(row)
    ray_rows: list[dict[str, object]] = []
    if args.ray_size and args.reuse_ray:
        ray_rows = json.loads((WORK / f"ray{args.ray_size}" / "ray.json").read_text())
    elif args.ray_size:
        ray_rows = run_ray(args.ray_size, args.ray_workers, args.campaign_share)
    print(json.dumps(ray_rows), flush=True)
    section = markdown(rows, ray_rows)
    print(section)
    if not args.no_write:
        write_section("consult-scale", section, "## Consult offline: scale")


if __name__ == "__main__":
    main()
