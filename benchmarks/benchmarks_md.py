"""Writing a benchmark's results into BENCHMARKS.md, each between its own pair of markers.

Every benchmark script owns one section; rerunning it replaces that section in place and
leaves the others, and the prose around them, as they are.
"""

from __future__ import annotations

from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def markers(name: str) -> tuple[str, str]:
    """The comments that open and close the section called `name`."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(
    name: str, body: str, heading: str, intro: str = "", path: Path = BENCHMARKS_MD
) -> None:
    """Put `body` between the `name` markers; where they are missing, add the section at the
    end under `heading` (and an `intro` paragraph)."""
    start, end = markers(name)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        lead = f"{heading}\n\n" + (f"{intro}\n\n" if intro else "")
        text = text.rstrip("\n") + f"\n\n{lead}{block}\n"
    path.write_text(text, encoding="utf-8")


def markdown_table(header: list[str], rows: list[list[str]], left: int = 0) -> list[str]:
    """The lines of a Markdown table: the first `left` columns left-aligned, the rest
    right-aligned (numbers)."""
    rule = "|" + "---|" * left + "---:|" * (len(header) - left)
    return [
        "| " + " | ".join(header) + " |",
        rule,
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
