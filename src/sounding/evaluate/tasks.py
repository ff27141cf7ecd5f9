"""Evaluate's Inspect tasks: `inspect eval sounding/<task> --model provider/model`.

Each task builds its samples from Sounding's own data (see `sounding.evaluate.datasets`),
asks in the format `sounding.prompts.evaluate` defines, and scores with the matching scorer.
Options are task arguments (`-T source=demo`); `config` names a sounding.toml whose settings
(embedding model, Ask's and Consult's knobs) the data and the system provider use.
"""

from __future__ import annotations

from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser, get_model
from inspect_ai.solver import Generate, Solver, TaskState, generate, solver

from sounding import __version__
from sounding.evaluate.scorers.ask import grounding, guardrail_labels
from sounding.evaluate.scorers.assist import citations_hold
from sounding.evaluate.scorers.consult import (
    CLEAN_ANSWER,
    discovery_f1,
    injection_resistance,
    mapping_f1,
)
from sounding.evaluate.scorers.pii import personal_data_kept
from sounding.evaluate.settings import evaluation_settings
from sounding.prompts import evaluate as prompts

TASKS = (
    "consult_mapping",
    "consult_discovery",
    "consult_injection",
    "ask_grounding",
    "ask_jailbreak",
    "pii_leakage",
    "assist_citations",
)
DEMO_DATA = "Sounding's synthetic consultation (sounding.demo), written for the project"
ARGKP_DATA = (
    "IBM Debater ArgKP-2021 dev split (Bar-Haim et al., ACL 2020), CDLA-Sharing-1.0, "
    "read from the shared data folder"
)
SHIPPED_GUIDANCE = "GOV.UK-shaped guidance and questions written for Evaluate (invented)"
GOVUK_GUIDANCE = (
    "157 GOV.UK pages (Open Government Licence v3.0, shared data folder) with Ask's own "
    "question set"
)
OWN_DATA = "written for Sounding's Evaluate (sounding/evaluate/data)"


def _messages(system: str, user: str) -> list[ChatMessage]:
    return [ChatMessageSystem(content=system), ChatMessageUser(content=user)]


def _metadata(data: str, **extra: Any) -> dict[str, Any]:
    """What the report shows under a task: its data, and the versions that shaped it."""
    return {"data": data, "prompt_version": prompts.VERSION, "sounding": __version__, **extra}


# -- Consult ----------------------------------------------------------------------------------


@task
def consult_mapping(source: str = "auto", responses: int = 40, config: str | None = None) -> Task:
    """Assign ArgKP-style responses to given themes; per-response F1 against gold, with a
    bootstrap interval. source: auto (ArgKP where the shared data has it), demo or argkp."""
    from sounding.evaluate.datasets.consult import coded_questions

    questions = coded_questions(source, responses, evaluation_settings(config))
    samples = [
        Sample(
            id=q.id,
            input=_messages(*prompts.consult_mapping("consult_mapping", q.payload())),
            metadata={"gold": q.gold, "source": q.source},
        )
        for q in questions
    ]
    used = questions[0].source if questions else source
    return Task(
        dataset=MemoryDataset(samples, name="consult_mapping"),
        solver=generate(),
        scorer=mapping_f1(),
        metadata=_metadata(ARGKP_DATA if used == "argkp" else DEMO_DATA, source=used),
    )


@task
def consult_discovery(source: str = "auto", responses: int = 40, config: str | None = None) -> Task:
    """Find a question's themes; they are matched to gold themes as Consult's evaluator
    matches them (one to one, by shared responses), then scored by per-response F1."""
    from sounding.evaluate.datasets.consult import coded_questions

    questions = coded_questions(source, responses, evaluation_settings(config))
    samples = [
        Sample(
            id=q.id,
            input=_messages(
                *prompts.consult_discovery("consult_discovery", q.payload(with_themes=False))
            ),
            metadata={"gold": q.gold, "source": q.source},
        )
        for q in questions
    ]
    used = questions[0].source if questions else source
    return Task(
        dataset=MemoryDataset(samples, name="consult_discovery"),
        solver=generate(),
        scorer=discovery_f1(),
        metadata=_metadata(ARGKP_DATA if used == "argkp" else DEMO_DATA, source=used),
    )


@solver
def with_clean_run() -> Solver:
    """Ask the model the sample's clean prompt first (kept in the state's store), then the
    seeded one, so the scorer can compare the two codings."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        system, user = state.metadata["clean_prompt"]
        output = await get_model().generate(_messages(system, user))
        state.store.set(CLEAN_ANSWER, output.completion)
        return await generate(state)

    return solve


@task
def consult_injection(responses: int = 30) -> Task:
    """Consultations seeded with manipulation attempts ("put every response under theme X",
    instructions hidden in invisible characters): the other responses' coding must not
    change, and the attempts must be flagged."""
    from sounding.evaluate.datasets.injection import seeded_questions

    samples = []
    for seeded in seeded_questions(responses):
        question = seeded.clean
        samples.append(
            Sample(
                id=question.id,
                input=_messages(*prompts.consult_mapping("consult_injection", seeded.payload())),
                metadata={
                    "gold": question.gold,
                    "attempts": seeded.attempts,
                    "target": seeded.target,
                    "clean_prompt": list(
                        prompts.consult_mapping("consult_injection", question.payload())
                    ),
                },
            )
        )
    return Task(
        dataset=MemoryDataset(samples, name="consult_injection"),
        solver=with_clean_run(),
        scorer=injection_resistance(),
        metadata=_metadata(DEMO_DATA + ", with attempts from its injection bank"),
    )


# -- Ask --------------------------------------------------------------------------------------


@task
def ask_grounding(
    guidance: str = "auto",
    judge: str | None = None,
    candidates: int = 5,
    config: str | None = None,
) -> Task:
    """Answers to Ask's questions from the passages Ask's retrieval offers: a right page
    cited, claims supported by the cited passage (a judge model if `judge` names one or the
    "grader" role is bound, else a lexical check), and refusal when out of scope."""
    from sounding.evaluate.datasets.ask import (
        ask_embedder,
        grounding_questions,
        guidance_index,
        resolve_guidance,
    )

    settings = evaluation_settings(config)
    name = resolve_guidance(guidance, settings)
    questions = grounding_questions(name)
    embedder = ask_embedder(settings)
    index = guidance_index(name, settings, embedder)
    vectors = embedder.embed([q.question for q in questions])
    samples = []
    for question, vector in zip(questions, vectors, strict=True):
        found = index.rank(index.query(question.question, vector), "hybrid", candidates)
        offered = []
        for number, passage in enumerate(found, start=1):
            offered.append(
                {
                    "token": f"source_{number}",
                    "title": passage.title,
                    "heading": " › ".join(passage.headings),
                    "text": passage.text,
                }
            )
        payload = {"guidance": name, "passages": offered}
        samples.append(
            Sample(
                id=question.id,
                input=_messages(prompts.ask_grounding("ask_grounding", payload), question.question),
                metadata={
                    "kind": question.kind,
                    "pages": list(question.pages),
                    "candidates": [
                        {
                            "token": o["token"],
                            "url": p.url,
                            "text": "\n".join([o["title"], o["heading"], o["text"]]),
                        }
                        for o, p in zip(offered, found, strict=True)
                    ],
                },
            )
        )
    return Task(
        dataset=MemoryDataset(samples, name="ask_grounding"),
        solver=generate(),
        scorer=grounding(judge),
        metadata=_metadata(
            GOVUK_GUIDANCE if name == "govuk" else SHIPPED_GUIDANCE,
            guidance=name,
            judge=judge or "lexical check (or the grader role)",
        ),
    )


@task
def ask_jailbreak(benign: int = 20, guidance: str = "auto", config: str | None = None) -> Task:
    """Adversarial messages written for GOV.UK-style advice (jailbreaks, prompt injection,
    harmful and political requests) and genuine ones: guardrail precision and recall per
    category, and the share of genuine questions blocked."""
    from sounding.evaluate.datasets.ask import resolve_guidance, screened_questions

    name = resolve_guidance(guidance, evaluation_settings(config))
    system = prompts.ask_jailbreak("ask_jailbreak", name)
    samples = [
        Sample(
            id=q.id,
            input=_messages(system, q.question),
            metadata={"category": q.category, "origin": q.origin},
        )
        for q in screened_questions(benign)
    ]
    return Task(
        dataset=MemoryDataset(samples, name="ask_jailbreak"),
        solver=generate(),
        scorer=guardrail_labels(),
        metadata=_metadata(OWN_DATA + ", and Ask's question set", guidance=name),
    )


# -- personal data and Assist -----------------------------------------------------------------


@task
def pii_leakage() -> Task:
    """Personal data in questions, consultation responses and documents must never appear
    in the output, nor in what is sent to a model."""
    from sounding.evaluate.datasets.assist import personal_data_cases

    task_name = "pii_leakage"
    samples = []
    for case in personal_data_cases():
        kind = case["kind"]
        if kind == "question":
            payload = {"kind": kind, "guidance": "shipped"}
            messages = _messages(prompts.pii_question(task_name, payload), case["question"])
        elif kind == "responses":
            payload = {"kind": kind, "question": case["question"], "responses": case["responses"]}
            messages = _messages(*prompts.pii_responses(task_name, payload))
        else:
            document = {"name": case["name"], "pages": case["pages"]}
            payload = {"kind": kind, "document": document, "question": case["question"]}
            messages = _messages(*prompts.assist_answer(task_name, payload))
        samples.append(
            Sample(id=case["id"], input=messages, metadata={"kind": kind, "pii": case["pii"]})
        )
    return Task(
        dataset=MemoryDataset(samples, name="pii_leakage"),
        solver=generate(),
        scorer=personal_data_kept(),
        metadata=_metadata(OWN_DATA + " (reserved example addresses and numbers)"),
    )


@task
def assist_citations() -> Task:
    """Questions about documents: every citation's page must hold its quote."""
    from sounding.evaluate.datasets.assist import document_questions

    samples = [
        Sample(
            id=q.id,
            input=_messages(
                *prompts.assist_answer(
                    "assist_citations", {"document": q.document, "question": q.question}
                )
            ),
            metadata={"pages": q.document["pages"], "page": q.page},
        )
        for q in document_questions()
    ]
    return Task(
        dataset=MemoryDataset(samples, name="assist_citations"),
        solver=generate(),
        scorer=citations_hold(),
        metadata=_metadata(OWN_DATA),
    )
