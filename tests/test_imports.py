"""Heavy packages stay out of the offline path: the CLI starts in a fraction of a second and
a small analysis is not dominated by imports (scikit-learn alone took 0.7 s, `openai` 0.3 s).
"""

import subprocess
import sys

HEAVY = ("openai", "sklearn", "torch", "django")


def imported_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_the_command_line_starts_without_heavy_packages():
    assert imported_after("import sounding.cli.main") == []


def test_an_offline_analysis_imports_no_llm_client_or_scikit_learn():
    loaded = imported_after(
        "import sounding.services.consult, sounding.consult.pipeline, sounding.files.write"
    )
    assert "openai" not in loaded and "sklearn" not in loaded


def test_the_llm_package_still_offers_its_names():
    assert imported_after("from sounding.llm import LLMClient, LLMSettings") == ["openai"]
