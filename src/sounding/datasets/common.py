"""The shape every benchmark loader returns, and the writer that turns it into files.

A benchmark is only useful if Sounding sees exactly what the gold coding describes, so the
question ids in the gold and codebook are made by the same `question_slugs` function the
long-format reader uses, and `write_benchmark` refuses to write a set whose ids would not
come back the same. Dataset text is only ever read from the shared data folder by path.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sounding.consult.stance import read_stance
from sounding.files.consultation import question_slugs

CONSULTATION_COLUMNS = ("response_id", "question", "response", "stance")
GOLD_COLUMNS = ("response_id", "question", "theme_id", "stance")
CODEBOOK_COLUMNS = ("id", "label", "question", "description", "stance")
STANCES = ("agree", "disagree", "neutral")


@dataclass(frozen=True)
class ResponseRow:
    """One response as Sounding will read it; `stance` is the closed answer ("" if none)."""

    response_id: str
    question_id: str
    text: str
    stance: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GoldPair:
    """One (response, gold theme) pair; `theme_id` "" means coded with no theme.

    `stance` is the response's gold position; `theme_stance` keeps a per-theme stance where
    the source has one (ThemeFinder), since it means something different and is not written.
    """

    response_id: str
    question_id: str
    theme_id: str
    stance: str = ""
    theme_stance: str = ""


@dataclass(frozen=True)
class CodebookRow:
    """A gold theme as a deductive codebook entry."""

    id: str
    label: str
    question_id: str
    description: str = ""
    stance: str = ""


@dataclass
class BenchmarkSet:
    """A dataset as Sounding input plus its gold coding.

    `questions` maps question id → text in file order; `rows` are written in their order,
    which fixes the question ids (see `write_benchmark`). `notes` records data quirks found
    while loading, so a benchmark report can state them.
    """

    name: str
    questions: dict[str, str]
    rows: list[ResponseRow]
    gold: list[GoldPair]
    codebook: list[CodebookRow]
    split: str | None = None
    metadata_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def gold_themes(self) -> dict[tuple[str, str], frozenset[str]]:
        """(question id, response id) → its gold theme ids (empty when coded with none)."""
        out: dict[tuple[str, str], set[str]] = {}
        for pair in self.gold:
            themes = out.setdefault((pair.question_id, pair.response_id), set())
            if pair.theme_id:
                themes.add(pair.theme_id)
        return {key: frozenset(value) for key, value in out.items()}

    def gold_stances(self) -> dict[tuple[str, str], str]:
        """(question id, response id) → gold stance ("" when the source has none)."""
        return {(p.question_id, p.response_id): p.stance for p in self.gold}

    def no_theme_share(self) -> float:
        """Share of coded responses that match no gold theme."""
        themes = self.gold_themes()
        return sum(1 for t in themes.values() if not t) / len(themes) if themes else 0.0


def default_data_dir(configured: Path | None = None) -> Path | None:
    """Where the shared datasets are: `configured` (the `data_dir` setting, which
    SOUNDING_DATA_DIR sets), else `<repo>/../shared/data`.

    The data lives beside the repository, never inside it, so it is found from the
    repository root (the folder holding pyproject.toml); None when neither is there.
    """
    if configured is not None:
        return Path(configured).expanduser()
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file():
            candidate = (folder / ".." / "shared" / "data").resolve()
            return candidate if candidate.is_dir() else None
    return None


def require(path: Path, dataset: str) -> Path:
    """Fail with the dataset's name and the setting to fix, rather than a bare missing file."""
    if not path.exists():
        raise FileNotFoundError(
            f"{dataset}: '{path}' not found. Pass data_dir, or set the data_dir setting "
            "(SOUNDING_DATA_DIR) to the shared data folder."
        )
    return path


def normalise_stance(value: object) -> str:
    """A source's stance label (+1/-1, AGREE/DISAGREE/UNCLEAR) as agree/disagree/neutral, "" if
    blank, read with Sounding's one stance vocabulary; unknown labels raise."""
    stance = read_stance(value)
    return stance.value if stance else ""


def question_ids(texts: Iterable[str]) -> dict[str, str]:
    """Question text → id, as Sounding's long reader will make them from rows in this order."""
    return question_slugs([t.strip() for t in texts])


def label_ids(labels: Iterable[str]) -> dict[str, str]:
    """Label → readable slug id, unique (a -2 suffix on a clash), for labels with no ids."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for label in labels:
        if label in ids:
            continue
        base = re.sub(r"[\W_]+", "-", label.lower()).strip("-") or "theme"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        ids[label] = slug
        used.add(slug)
    return ids


def write_benchmark(bench: BenchmarkSet, out_dir: Path) -> dict[str, Path]:
    """Write consultation.csv (Sounding input, long shape), gold.csv and codebook.csv.

    Checks first that the reader will derive the same question ids from the written rows
    as the gold uses, since a mismatch would make every score silently zero.
    """
    _check_question_ids(bench)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "consultation": out_dir / "consultation.csv",
        "gold": out_dir / "gold.csv",
        "codebook": out_dir / "codebook.csv",
    }
    meta = bench.metadata_columns
    _write_csv(
        paths["consultation"],
        [*CONSULTATION_COLUMNS, *meta],
        (
            [r.response_id, bench.questions[r.question_id], r.text, r.stance]
            + [r.metadata.get(c, "") for c in meta]
            for r in bench.rows
        ),
    )
    _write_csv(
        paths["gold"],
        GOLD_COLUMNS,
        ([p.response_id, p.question_id, p.theme_id, p.stance] for p in bench.gold),
    )
    _write_csv(
        paths["codebook"],
        CODEBOOK_COLUMNS,
        ([c.id, c.label, c.question_id, c.description, c.stance] for c in bench.codebook),
    )
    return paths


def _check_question_ids(bench: BenchmarkSet) -> None:
    expected = question_ids(bench.questions[r.question_id] for r in bench.rows)
    for qid, text in bench.questions.items():
        if expected.get(text.strip(), qid) != qid:
            raise ValueError(
                f"{bench.name}: question id '{qid}' would be read back as "
                f"'{expected[text.strip()]}'; build ids with question_ids() in row order."
            )


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(header))
        writer.writerows(rows)
