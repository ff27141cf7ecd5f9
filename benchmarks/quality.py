"""Quality benchmark: Sounding against BERTopic and k-means on gold-coded datasets.

    .venv/bin/pip install -r benchmarks/requirements.txt && .venv/bin/python benchmarks/quality.py

With the same embedding model (the configured default) for every method, it runs Sounding
offline discovery, Sounding deductive mapping (the gold codebook), BERTopic and k-means
with the true number of themes on ArgKP dev (4 topics), ThemeFinder gambling_XS and the
TopicGPT bills subset (topic level, single label), and two real Polis conversations coded
for this project (`sounding.datasets.polis`: small questions of 30 and 50 answers where the
gold codes nearly every answer), and three questions of short feedback written and coded
for this project (`sounding.datasets.feedback`: praise and complaint of the same things), and
the dev split of short survey answers written and coded for this project
(`sounding.datasets.short_answers`: one to a few words each, typos and shouting included;
its train split is for tuning and is not reported). Every method writes the analysis folder
shape (assignments.csv, responses.csv) and is scored by Sounding's own evaluator, as
`sounding consult evaluate` does. The datasets are read from the shared data folder
(`$SOUNDING_DATA_DIR`, else `../shared/data`); work files go to benchmarks/.work/quality/.
Results go to the terminal and into BENCHMARKS.md between the consult-quality markers,
with a check of every label Sounding discovery published: the share that are non-answers,
first-person anecdotes, statements of the respondent's situation without a point, cut
short, open with filler, go on from a sentence left out, or hold a word the spelling
dictionary (pyspellchecker's English list) does not know.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks_md import write_section
from sounding.config import Settings, load_settings
from sounding.consult.evaluate import DISCOVERY, MAPPING, EvaluationReport, evaluate
from sounding.consult.label_quality import faults
from sounding.datasets import (
    BenchmarkSet,
    default_data_dir,
    load_argkp,
    load_bills,
    load_gambling_xs,
    write_benchmark,
)
from sounding.datasets.feedback import load_feedback
from sounding.datasets.polis import load_polis
from sounding.datasets.short_answers import load_short_answers
from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.catalogue import load_embedder
from sounding.files.codebook import read_codebook
from sounding.files.gold import load_evaluation_inputs
from sounding.retrieval.spelling import is_spelt
from sounding.services.consult import analyse
from sounding.services.inputs import read_consultation
from sounding.storage.vector_cache import VectorCache

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "quality"
COMMAND = (
    ".venv/bin/pip install -r benchmarks/requirements.txt && .venv/bin/python benchmarks/quality.py"
)
METHODS = ("Sounding discovery", "Sounding deductive", "BERTopic", "k-means (true k)")
BOOTSTRAP, SEED = 1000, 0

# question id → [(response id, text)] in file order
Texts = dict[str, list[tuple[str, str]]]
# (response id, question id, theme id or None for no theme)
Prediction = tuple[str, str, str | None]


@dataclass
class Result:
    dataset: str
    method: str
    mode: str
    report: EvaluationReport
    seconds: float
    folder: Path


# -- baselines --------------------------------------------------------------------------


def bertopic_themes(texts: list[str], vectors: np.ndarray) -> list[str | None]:
    """BERTopic with the given vectors; topic -1 (outliers) means no theme."""
    from bertopic import BERTopic
    from umap import UMAP

    model = BERTopic(
        embedding_model=None,
        umap_model=UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42
        ),
        min_topic_size=10,
        calculate_probabilities=False,
    )
    topics, _ = model.fit_transform(texts, embeddings=vectors)
    return [None if t == -1 else f"t{t}" for t in topics]


def kmeans_themes(vectors: np.ndarray, k: int) -> list[str | None]:
    """k-means with k = the number of gold themes; every response gets a theme."""
    from sklearn.cluster import KMeans

    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(vectors)
    return [f"k{label}" for label in labels]


def write_predictions(out_dir: Path, predictions: list[Prediction]) -> None:
    """assignments.csv and responses.csv as `sounding consult analyse` writes them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "assignments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["response_id", "question", "theme_id", "score"])
        for rid, qid, theme in predictions:
            if theme is not None:
                writer.writerow([rid, qid, f"{qid}-{theme}", "1.0000"])
    with (out_dir / "responses.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["response_id", "question", "status", "stance", "theme_ids"])
        for rid, qid, theme in predictions:
            status = "other" if theme is None else "themed"
            writer.writerow([rid, qid, status, "", "" if theme is None else f"{qid}-{theme}"])


def run_baseline(
    out_dir: Path,
    texts: Texts,
    vectors: dict[str, np.ndarray],
    cluster: Callable[[str, list[str], np.ndarray], list[str | None]],
) -> float:
    """Fit per question, write the predictions; seconds taken (vectors already in hand)."""
    started = time.perf_counter()
    predictions: list[Prediction] = []
    for qid, rows in texts.items():
        themes = cluster(qid, [text for _, text in rows], vectors[qid])
        predictions.extend((rid, qid, theme) for (rid, _), theme in zip(rows, themes, strict=True))
    write_predictions(out_dir, predictions)
    return time.perf_counter() - started


def warm_up_umap() -> None:
    """Compile UMAP's and HDBSCAN's numba code once, so no method's time includes it."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(120, 384)).astype(np.float32)
    bertopic_themes([f"word{i % 7} text{i % 11} item{i}" for i in range(120)], vectors)


# -- one dataset --------------------------------------------------------------------------


def score(out_dir: Path, gold: Path, mode: str) -> EvaluationReport:
    """What `sounding consult evaluate OUT --gold GOLD --mode MODE` computes and writes."""
    codings, statuses = load_evaluation_inputs(out_dir, gold)
    report = evaluate(codings, statuses, mode=mode, bootstrap=BOOTSTRAP, seed=SEED)
    data = {"analysis": str(out_dir), "gold": str(gold), **report.to_dict()}
    (out_dir / "evaluation.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    return report


def run_dataset(
    name: str, bench: BenchmarkSet, settings: Settings, embedder: CachedEmbedder
) -> tuple[list[Result], float]:
    """Every method on one dataset, and the seconds spent warming the embedding cache."""
    folder = WORK / bench.name
    shutil.rmtree(folder, ignore_errors=True)
    paths = write_benchmark(bench, folder / "input")
    consultation, _ = read_consultation(paths["consultation"])
    codebook = read_codebook(paths["codebook"], consultation)
    texts: Texts = {}
    for response in consultation.responses:
        texts.setdefault(response.question_id, []).append((response.id, response.text.strip()))
    gold_k = {
        qid: len({p.theme_id for p in bench.gold if p.question_id == qid and p.theme_id})
        for qid in texts
    }
    print(
        f"\n{name}: {len(consultation.responses)} responses, {len(texts)} question(s), "
        f"gold themes per question {list(gold_k.values())}",
        flush=True,
    )

    # Warm the vector cache with everything each method embeds: Sounding's cleaned pieces,
    # sentences and codebook labels (by an untimed run of each mode), the baselines' texts.
    warm = time.perf_counter()
    analyse(consultation, folder / "warmup-discovery", settings)
    analyse(consultation, folder / "warmup-deductive", settings, codebook=codebook)
    vectors = {qid: embedder.embed([t for _, t in rows]) for qid, rows in texts.items()}
    warm = time.perf_counter() - warm
    print(f"  warm-up (embedding cache) {warm:.1f} s", flush=True)

    results = []
    for method, mode in zip(METHODS, (DISCOVERY, MAPPING, DISCOVERY, DISCOVERY), strict=True):
        out = folder / method.split(" (")[0].lower().replace(" ", "-")
        if method == "Sounding discovery":
            started = time.perf_counter()
            analyse(consultation, out, settings)
            seconds = time.perf_counter() - started
        elif method == "Sounding deductive":
            started = time.perf_counter()
            analyse(consultation, out, settings, codebook=codebook)
            seconds = time.perf_counter() - started
        elif method == "BERTopic":
            seconds = run_baseline(out, texts, vectors, lambda q, t, v: bertopic_themes(t, v))
        else:
            seconds = run_baseline(out, texts, vectors, lambda q, t, v: kmeans_themes(v, gold_k[q]))
        report = score(out, paths["gold"], mode)
        results.append(Result(name, method, mode, report, seconds, out))
        print(f"  {method}: F1 {report.f1:.3f}, {seconds:.1f} s", flush=True)
    return results, warm


# -- label quality ------------------------------------------------------------------------

FAULTS = (
    "non-answer",
    "not prose",
    "anecdote",
    "circumstance",
    "truncated",
    "filler opening",
    "goes on",
    "list",
    "typo",
)


def label_faults(label: str, known: Callable[[list[str]], set[str]]) -> list[str]:
    """The label's faults (`label_quality.faults`), plus "typo" when a lower-case word of it
    is unknown to the spelling dictionary (capitalised words may be names): Sounding's, with
    British spellings, plurals and possessives ("personalised", "apps", "women's" had been
    counted as typos)."""
    found = faults(label)
    lower = [w for w in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", label) if w.islower() and len(w) > 2]
    if lower and known(lower):
        found.append("typo")
    return found


def label_quality(results: list[Result]) -> list[str]:
    """One row per dataset: how many of Sounding discovery's labels have each fault."""

    def unknown(words: list[str]) -> set[str]:
        return {w for w in words if not is_spelt(w.lower())}

    lines = [
        "| dataset | labels | " + " | ".join(FAULTS) + " | any fault |",
        "|---|---:|" + "---:|" * (len(FAULTS) + 1),
    ]
    examples: list[str] = []
    for r in results:
        if r.method != "Sounding discovery":
            continue
        with (r.folder / "themes.csv").open(encoding="utf-8-sig", newline="") as handle:
            labels = [row["label"] for row in csv.DictReader(handle)]
        found = [label_faults(label, unknown) for label in labels]
        n = max(len(labels), 1)
        shares = [sum(name in f for f in found) / n for name in FAULTS]
        lines.append(
            f"| {r.dataset} | {len(labels)} | "
            + " | ".join(f"{share:.1%}" for share in shares)
            + f" | {sum(bool(f) for f in found) / n:.1%} |"
        )
        examples.extend(
            f"{r.dataset}: {label} ({', '.join(f)})"
            for label, f in zip(labels, found, strict=True)
            if f
        )
    return [*lines, "", *(f"- {e}" for e in examples[:8])]


# -- reporting ----------------------------------------------------------------------------


def _num(value: object, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(results: list[Result]) -> list[str]:
    lines = [
        "| dataset | method | F1 [95% CI] | theme recall (any / half) | ARI | NMI "
        "| count Spearman | Other share | #themes (pred / gold) | time (s) |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        o = r.report.overall()
        lo, hi = o["f1_interval"] or (None, None)
        f1 = f"{o['f1']:.3f} [{_num(lo)}, {_num(hi)}]"
        lines.append(
            f"| {r.dataset} | {r.method} | {f1} "
            f"| {_num(o['theme_recall'])} / {_num(o['theme_recall_half'])} | {_num(o['ari'])} "
            f"| {_num(o['nmi'])} | {_num(o['count_spearman'])} | {_num(o['other_share'])} "
            f"| {o['n_predicted_themes']} / {o['n_gold_themes']} | {r.seconds:.1f} |"
        )
    return lines


def per_question(results: list[Result], dataset: str, other: bool = False) -> list[str]:
    chosen = [r for r in results if r.dataset == dataset]
    if not chosen:
        return []
    lines = [
        f"Per-question F1, {dataset}:",
        "| question | responses | " + " | ".join(r.method for r in chosen) + " |",
        "|---|---:|" + "---:|" * len(chosen),
    ]
    for i, q in enumerate(chosen[0].report.questions):
        scores = " | ".join(
            f"{r.report.questions[i].f1:.3f}"
            + (f" ({r.report.questions[i].other_share or 0:.0%})" if other else "")
            for r in chosen
        )
        lines.append(f"| {q.question_id} | {q.n_responses} | {scores} |")
    return lines


def markdown(
    results: list[Result],
    sets: dict[str, BenchmarkSet],
    embedder: str,
    timing: tuple[float, float, bool],
) -> str:
    wall, warm, cold = timing
    described = "; ".join(
        f"{name} ({len(b.questions)} question(s), {len(b.rows):,} responses, "
        f"{len({p.theme_id for p in b.gold if p.theme_id})} gold themes)"
        for name, b in sets.items()
    )
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, CPU only. Command: `{COMMAND}` "
        f"(whole run {wall:.0f} s wall time, of which {warm:.0f} s warming the embedding "
        f"cache, {'empty' if cold else 'partly filled by an earlier run'} at the start).",
        "",
        f"Datasets: {described}. Every method uses the same embedding model and arithmetic "
        f"({embedder}) and is scored by Sounding's own evaluator "
        f"(`sounding consult evaluate`, bootstrap {BOOTSTRAP}, seed {SEED}).",
        "",
        *table(results),
        "",
        "Scores are means over questions (the evaluator's `overall`); the 95% interval is its "
        "grouped bootstrap. Sounding discovery, BERTopic and k-means are discovery figures: "
        "their themes are matched one to one to gold themes (Hungarian assignment on shared "
        "responses) before per-response F1 is taken. The deductive row is mapping F1: Sounding "
        "coded against the gold codebook, so its theme ids are compared with the gold's as "
        "they are, with no matching (theme recall and count Spearman do not apply). "
        "k-means is told the true number of gold themes per question, which no real analysis "
        "knows. BERTopic (UMAP n_neighbors 15, 5 components, min_dist 0, cosine, seed 42; "
        "HDBSCAN defaults; min_topic_size 10) leaves its outlier topic −1 unthemed. Baselines "
        "are single-label and ignore ArgKP's stance column; Sounding uses it. Other share: "
        "share of gold responses left with no theme. Theme recall: gold themes of 3 or more "
        "responses matched by any overlap / by a theme given to half their responses or more. "
        "#themes: predicted / gold themes on the "
        "gold responses, summed over questions.",
        "",
        "Times are each method's own work with a warm embedding cache: everything each method "
        "embeds was embedded once first (an untimed run of each Sounding mode, then the "
        "baselines' texts), and UMAP/HDBSCAN's numba code was compiled beforehand. Sounding: "
        "the `analyse` call (cleaning, duplicates, discovery or assignment, writing every "
        "output file); baselines: fit per question plus writing their predictions.",
        "",
        "Polis (coded): two real conversations of The Computational Democracy Project "
        "(CC BY 4.0), each a question; their comments (less those moderated out) are the "
        "answers. Polis has no themes, so every comment was read and coded for this project "
        "(the codes and comment ids are in `src/sounding/datasets/polis.py`; the text is read "
        "from the shared data by path); one comment that makes no point is coded with none. "
        "Per question, F1 (Other share):",
        "",
        *per_question(results, "Polis (coded)", other=True)[1:],
        "",
        "feedback (coded): three questions of short comments written and coded for this "
        "project (`src/sounding/datasets/feedback_comments.jsonl`): 130 on a visit to a GP "
        "surgery or clinic, 110 on a changed bus timetable, and 140 hospital comments on why "
        "a rating was given (the rating is their closed answer), most themes in opposite "
        'pairs of unequal size ("short wait", "long wait"). Per question, F1 (Other share):',
        "",
        *per_question(results, "feedback (coded)", other=True)[1:],
        "",
        "short answers (dev): two questions of short survey answers written and coded for "
        "this project (`src/sounding/datasets/short_answers_dev.jsonl`): 257 answers on what "
        "a council should spend more on and 121 on why someone did not vote, most of one to "
        "six words, about one in nine misspelt, some in capitals, some naming two or three "
        "things. Its train split (most important issue facing the country; one thing to "
        "improve the local area) is what rules were tuned on, and is not reported. Per "
        "question, F1 (Other share):",
        "",
        *per_question(results, "short answers (dev)", other=True)[1:],
        "",
        "Label quality: every label Sounding discovery published above, checked by "
        "`sounding.consult.label_quality` (non-answer, first-person anecdote, the "
        "respondent's situation without a point, cut short, filler opening, a sentence that "
        'goes on from one left out, as "Its at breaking point", a list of several '
        'points, as "nhs, immigration, cost of living") and for a '
        "lower-case word unknown to pyspellchecker's English dictionary (typo). Examples of "
        "labels with a fault follow the table.",
        "",
        *label_quality(results),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bills-limit", type=int, default=None, help="Use only the first N bills (default: all)."
    )
    parser.add_argument("--no-write", action="store_true", help="Do not update BENCHMARKS.md.")
    args = parser.parse_args()
    wall = time.perf_counter()
    warnings.filterwarnings("ignore", category=FutureWarning)
    data_dir = default_data_dir(load_settings().data_dir)
    if data_dir is None:
        sys.exit("Shared data folder not found: set SOUNDING_DATA_DIR.")
    sets = {
        "ArgKP dev": load_argkp(data_dir, "dev"),
        "gambling_XS": load_gambling_xs(data_dir),
        "bills (topic)": load_bills(data_dir, "topic", limit=args.bills_limit),
        "Polis (coded)": load_polis(data_dir),
        "feedback (coded)": load_feedback(),
        "short answers (dev)": load_short_answers("dev"),
    }
    settings = Settings(home=WORK / "home", show_progress=False)
    cold = not (settings.cache_dir / "vectors" / "index.sqlite").exists()
    cache = VectorCache(settings.cache_dir / "vectors")
    embedder = CachedEmbedder(
        load_embedder(
            settings.embedding_model, settings.embedding_batch_size, settings.embedding_precision
        ),
        cache,
    )
    warm_up_umap()
    results: list[Result] = []
    warm = 0.0
    try:
        for name, bench in sets.items():
            done, seconds = run_dataset(name, bench, settings, embedder)
            results.extend(done)
            warm += seconds
    finally:
        cache.close()
    wall = time.perf_counter() - wall
    print()
    print("\n".join(table(results)))
    print()
    print("\n".join(per_question(results, "ArgKP dev")))
    print()
    print("\n".join(per_question(results, "Polis (coded)")))
    print()
    print("\n".join(per_question(results, "feedback (coded)")))
    print()
    print("\n".join(per_question(results, "short answers (dev)")))
    print()
    print("\n".join(label_quality(results)))
    print(f"\nWhole run: {wall:.1f} s wall time ({warm:.1f} s warming the embedding cache).")
    if not args.no_write:
        section = markdown(results, sets, embedder.name, (wall, warm, cold))
        write_section("consult-quality", section, "## Consult quality")
        print(f"Updated {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
