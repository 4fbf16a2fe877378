"""The practice simulator's figures: topical answers, verbatim repeats, reply latency.

``python -m bot bench practice`` measures, and writes build/reports/practice-bench.{json,md}
(``--docs`` also writes a dated copy to docs/measurements/):

* **Topical answers** on the frozen question set (tests/data/practice/topical_questions.yml,
  written before the matcher and never tuned on), and on the development set it was tuned on:
  each line is said as the second line of a fresh practice with its citizen (after a contract
  question), and counts as topical when the citizen answers about one of the line's listed
  topics; a line listed with no topic counts when the citizen takes no topic from it (a reaction
  to the technique, or more of the thread already under way, as "Mm" asks for). Reported twice:
  the matcher's first topic alone (no topic for a no-topic line), and the citizen's actual reply
  (its topic, or the topic the line raised when the reply went a layer deeper into a hidden fact).
* **Verbatim repeats** in 20-turn practices: per citizen and seed, 20 lines drawn (with
  replacement, so questions come back) from that citizen's question lines and a list of
  technique lines; a repeat is a reply identical to an earlier reply in the same practice.
* **Reply latency through REST**: the action server and the Rasa server started as ``make run``
  does (``bot.processes``, scratch SQLite), one trainee at a time running scripted practices
  (start + 20 lines) through ``/webhooks/rest/webhook``; a round trip is one line in and all
  replies out. Skipped with ``--no-latency`` (needs models/samtaleguide.tar.gz).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from bot.bench.nlu import REPORTS, _machine
from bot.settings import PROJECT_ROOT

FROZEN = PROJECT_ROOT / "tests" / "data" / "practice" / "topical_questions.yml"
DEV = PROJECT_ROOT / "tests" / "data" / "practice" / "topical_dev.yml"
MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
DOCS = PROJECT_ROOT / "docs" / "measurements"
OPENING = "Hvad vil du gerne have ud af samtalen i dag?"
MEASURED_ON = date(2026, 12, 7)  # the practices' date (deadlines count from it); fixed for reproducible runs
TECHNIQUE_LINES = (
    "Mm.",
    "Okay.",
    "Hvad tænker du om det?",
    "Fortæl mere.",
    "Det lyder svært.",
    "Skal vi lige stoppe op og se, om vi er på rette vej?",
    "Må jeg fortælle dig om en mulighed?",
    "Der er mange job i området lige nu.",
    "Du bliver nødt til at søge flere job.",
    "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme i arbejde?",
    "Hvad gør, at det er en 5 og ikke en 1?",
    "Hvad er dit næste skridt?",
    "Hvad synes du om samtalen?",
)


# --- the question sets -------------------------------------------------------------------------
def question_set(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(case, line, acceptable topics) from the frozen format (``questions``) or the development
    format (``cases``: case id, or "<case>_<batch>")."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "questions" in data:
        return [(q["case"], q["line"], tuple(q["topics"])) for q in data["questions"]]
    return [
        (key.split("_")[0], item["text"], tuple(item["topics"]))
        for key, items in data["cases"].items()
        for item in items
    ]


def _hit(topic: str | None, wanted: tuple[str, ...]) -> bool:
    return topic in wanted if wanted else topic is None


def topical(items: list[tuple[str, str, tuple[str, ...]]]) -> dict:
    from bot.practice.matcher import match_line
    from bot.practice.simulator import respond, start_practice

    rows = []
    for index, (case_id, line, wanted) in enumerate(items):
        matched = match_line(case_id, line).topic
        state, _ = respond(start_practice(case_id, seed=index, today=MEASURED_ON), OPENING)
        state, reply = respond(state, line)
        answer = state["history"][-1]
        if wanted:
            replied = answer.get("topic") in wanted or answer.get("asked") in wanted
        else:  # no topic taken from the line: a reaction to the technique, or more of the same thread
            replied = answer.get("topic") is None or answer.get("situation") == "continue"
        rows.append(
            {
                "case": case_id,
                "line": line,
                "wanted": list(wanted),
                "matched": matched,
                "matcher_hit": _hit(matched, wanted),
                "reply_topic": answer.get("topic"),
                "reply_situation": answer.get("situation"),
                "reply_hit": replied,
                "reply": reply,
            }
        )
    return _summary(rows)


def _summary(rows: list[dict]) -> dict:
    def rate(subset: list[dict], key: str) -> float:
        return round(sum(r[key] for r in subset) / len(subset), 3) if subset else 0.0

    cases = sorted({r["case"] for r in rows})
    with_topic = [r for r in rows if r["wanted"]]
    without = [r for r in rows if not r["wanted"]]
    return {
        "lines": len(rows),
        "matcher_rate": rate(rows, "matcher_hit"),
        "reply_rate": rate(rows, "reply_hit"),
        "with_topic": {"lines": len(with_topic), "reply_rate": rate(with_topic, "reply_hit")},
        "without_topic": {"lines": len(without), "reply_rate": rate(without, "reply_hit")},
        "per_case": {c: rate([r for r in rows if r["case"] == c], "reply_hit") for c in cases},
        "misses": [r for r in rows if not r["reply_hit"]],
    }


# --- repeats --------------------------------------------------------------------------------------
def repeats(items: list[tuple[str, str, tuple[str, ...]]], seeds: int = 10, turns: int = 20) -> dict:
    from bot.practice.case import CASE_IDS
    from bot.practice.simulator import respond, start_practice

    replies = repeated = som_jeg_sagde = practices = 0
    timings: list[float] = []
    for case_id in CASE_IDS:
        pool = [line for c, line, _ in items if c == case_id] + list(TECHNIQUE_LINES)
        for seed in range(seeds):
            rng = random.Random(f"{case_id}:{seed}")
            state = start_practice(case_id, seed=seed, today=MEASURED_ON)
            said: set[str] = set()
            for line in [OPENING] + [rng.choice(pool) for _ in range(turns - 1)]:
                started = time.perf_counter()
                state, reply = respond(state, line)
                timings.append((time.perf_counter() - started) * 1000)
                replies += 1
                repeated += reply in said
                som_jeg_sagde += reply.lower().startswith(("som jeg sagde", "som jeg nævnte", "det sagde jeg"))
                said.add(reply)
            practices += 1
    return {
        "practices": practices,
        "turns": turns,
        "replies": replies,
        "verbatim_repeats": repeated,
        "repeat_rate": round(repeated / replies, 4) if replies else 0.0,
        "som_jeg_sagde_share": round(som_jeg_sagde / replies, 3) if replies else 0.0,
        # respond() in this process (the coder and the indexes already warm): the simulator's own share
        "simulator_p50_ms": _percentile(timings, 0.5),
        "simulator_p95_ms": _percentile(timings, 0.95),
    }


# --- latency through REST ------------------------------------------------------------------------
def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))], 1)


def _practice_lines(items: list[tuple[str, str, tuple[str, ...]]], n: int, turns: int) -> list[str]:
    """The n-th scripted practice: "øv med <navn>", the opening, then ``turns - 1`` lines."""
    from bot.practice.case import CASE_IDS, case_names

    case_id = CASE_IDS[n % len(CASE_IDS)]
    rng = random.Random(f"latency:{n}")
    pool = [line for c, line, _ in items if c == case_id] + list(TECHNIQUE_LINES)
    return [f"øv med {case_names()[case_id]}", OPENING] + [rng.choice(pool) for _ in range(turns - 1)]


def _timed_posts(session, webhook: str, headers: dict, sender: str, lines: list[str]) -> tuple[list[float], int]:
    """Each line's round trip in ms (lines that failed or got no reply are counted, not timed)."""
    samples, errors = [], 0
    for line in lines:
        started = time.perf_counter()
        answer = session.post(webhook, json={"sender": sender, "message": line}, headers=headers, timeout=60)
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code != 200 or not answer.json():
            errors += 1
        else:
            samples.append(elapsed)
    return samples, errors


def _measure(webhook: str, items, practices: int, turns: int) -> dict:
    import requests

    from bot.keys import rest_headers
    from bot.review.scripts import GUIDE_CONVERSATION

    session, headers = requests.Session(), rest_headers()
    for line in ("øv med Stine", OPENING, "Hvad har du arbejdet med?"):  # warm-up, not timed
        session.post(webhook, json={"sender": "opvarmning-1", "message": line}, headers=headers, timeout=120)
    samples, starts, guide, errors = [], [], [], 0
    for n in range(practices):
        timed, failed = _timed_posts(
            session, webhook, headers, f"ovelse-{uuid.uuid4().hex[:12]}", _practice_lines(items, n, turns)
        )
        starts.extend(timed[:1])
        samples.extend(timed[1:])
        errors += failed
    for _ in range(3):  # the baseline: the guide's scripted conversation, same servers, same minute
        timed, failed = _timed_posts(
            session, webhook, headers, f"guide-{uuid.uuid4().hex[:12]}", list(GUIDE_CONVERSATION)
        )
        guide.extend(timed)
        errors += failed
    return {
        "practices": practices,
        "round_trips": len(samples),
        "errors": errors,
        "p50_ms": _percentile(samples, 0.5),
        "p95_ms": _percentile(samples, 0.95),
        "max_ms": round(max(samples), 1),
        "mean_ms": round(statistics.mean(samples), 1),
        "start_p50_ms": _percentile(starts, 0.5),
        "guide_baseline": {
            "round_trips": len(guide),
            "p50_ms": _percentile(guide, 0.5),
            "p95_ms": _percentile(guide, 0.95),
        },
    }


def rest_latency(items: list[tuple[str, str, tuple[str, ...]]], practices: int = 10, turns: int = 20) -> dict:
    """One trainee at a time: "øv med <navn>", then ``turns`` lines, timed per round trip; and, as a
    baseline on the same servers at the same time, the scripted guide conversation of
    ``bot.review.scripts`` (what ``bench load`` measures)."""
    from bot.processes import free_port, start_guide_servers, stop_all, write_endpoints
    from bot.store.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        url = f"sqlite:///{tmp / 'practice.db'}"
        upgrade(url)
        action_port, rasa_port = free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": url}
        processes = start_guide_servers(
            MODEL, action_port, rasa_port, write_endpoints(action_port, tmp / "endpoints.yml"), env
        )
        try:
            return _measure(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", items, practices, turns)
        finally:
            stop_all(processes)


# --- the run --------------------------------------------------------------------------------------
def run_practice_benchmark(latency: bool = True, docs: bool = False) -> int:
    frozen, dev = question_set(FROZEN), question_set(DEV)
    started = time.perf_counter()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "machine": _machine(),
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "frozen": topical(frozen),
        "development": topical(dev),
    }
    report["repeats"] = repeats(frozen + dev)
    if latency:
        report["latency"] = rest_latency(frozen + dev)
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "practice-bench.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown = to_markdown(report)
    (REPORTS / "practice-bench.md").write_text(markdown, encoding="utf-8")
    if docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / f"practice-bench-{report['date'][:10]}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


def to_markdown(report: dict) -> str:
    f, d, r = report["frozen"], report["development"], report["repeats"]
    lines = [
        f"# Practice simulator benchmark ({report['date']}, {report['machine']})",
        "",
        "`python -m bot bench practice` (method: `bot/bench/practice.py`). Load average (1/5/15 min) at the "
        f"start {report['load_average_at_start']}, at the end {report['load_average_at_end']} (other work shared "
        "the two cores).",
        "",
        "| measure | frozen set | development set |",
        "| --- | ---: | ---: |",
        f"| lines | {f['lines']} | {d['lines']} |",
        f"| topical answers (the citizen's reply) | **{_pct(f['reply_rate'])}** | {_pct(d['reply_rate'])} |",
        f"| … lines with a topic | {_pct(f['with_topic']['reply_rate'])} | {_pct(d['with_topic']['reply_rate'])} |",
        f"| … lines without a topic (no topic chosen) | {_pct(f['without_topic']['reply_rate'])} | {_pct(d['without_topic']['reply_rate'])} |",
        f"| the matcher's first topic alone | {_pct(f['matcher_rate'])} | {_pct(d['matcher_rate'])} |",
        "",
        "Per citizen (frozen set, replies): " + ", ".join(f"{c} {_pct(v)}" for c, v in f["per_case"].items()) + ".",
        "",
        f"**Verbatim repeats**: {r['verbatim_repeats']} of {r['replies']} replies in {r['practices']} practices of "
        f"{r['turns']} turns (rate {r['repeat_rate']}); {_pct(r['som_jeg_sagde_share'])} of the replies start "
        "with »som jeg sagde« or the like (a question asked again). Time in the simulator itself "
        f"(`respond()` in-process, same lines): p50 {r['simulator_p50_ms']} ms, p95 {r['simulator_p95_ms']} ms.",
    ]
    if "latency" in report:
        lat = report["latency"]
        lines += [
            "",
            f"**Reply latency through REST** (one trainee, {lat['practices']} practices, {lat['round_trips']} lines, "
            f"errors {lat['errors']}): p50 {lat['p50_ms']} ms, p95 **{lat['p95_ms']} ms**, max {lat['max_ms']} ms; "
            f"starting a practice p50 {lat['start_p50_ms']} ms. The guide's scripted conversation on the same "
            f"servers at the same time ({lat['guide_baseline']['round_trips']} lines): p50 "
            f"{lat['guide_baseline']['p50_ms']} ms, p95 {lat['guide_baseline']['p95_ms']} ms.",
        ]
    lines += ["", "## Frozen-set lines the citizen did not answer on topic", ""]
    lines += [
        f"- {m['case']}: »{m['line']}« → {m['reply_topic'] or m['reply_situation']} (wanted {', '.join(m['wanted']) or 'no topic'})"
        for m in f["misses"]
    ] or ["- none"]
    return "\n".join(lines) + "\n"
