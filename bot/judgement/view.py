"""The judgements of a feedback payload as flat keys, the way the gold set writes them.

``judgement_view(feedback)`` → ``{"overall": "green", "contract.present": True, …}``. Used to
measure the engine against tests/data/feedback_gold (``python -m bot bench feedback``) and to
check that practice, upload and review judge the same transcript alike.
"""

from __future__ import annotations

KEYS = (
    "overall",
    "contract.present",
    "closure.summary",
    "closure.agreement",
    "closure.evaluation",
    "scaling.importance.asked",
    "scaling.importance.explored_down",
    "scaling.importance.explored_up",
    "scaling.confidence.asked",
    "scaling.confidence.explored_down",
    "scaling.confidence.explored_up",
    "timeouts.count",
    "pressure.count",
    "ugu.status",
    "ugu.information_blocks",
    "ugu.kept_blocks",
    "role_switch.announced",
    "agreements.count",
    "agreements.smart_count",
    "open_question_share.open",
    "open_question_share.closed",
)


def judgement_view(feedback: dict) -> dict:
    """Flat judgement keys (scaling's explored_* only for a scale that was asked)."""
    m = feedback["metrics"]
    view = {
        "overall": feedback["overall"],
        "contract.present": m["contract"]["present"],
        **{f"closure.{k}": m["closure"][k] for k in ("summary", "agreement", "evaluation")},
        "timeouts.count": m["timeouts"]["count"],
        "pressure.count": m["pressure"]["count"],
        "ugu.status": m["ugu"]["result"],
        "ugu.information_blocks": m["ugu"]["information_given"],
        "ugu.kept_blocks": m["ugu"]["kept"],
        "role_switch.announced": m["role_switch"]["announced"],
        "agreements.count": m["agreements"]["count"],
        "agreements.smart_count": m["agreements"]["smart_count"],
        "open_question_share.open": m["open_question_share"]["open"],
        "open_question_share.closed": m["open_question_share"]["closed"],
    }
    for kind in ("importance", "confidence"):
        scale = m["scaling"][kind]
        view[f"scaling.{kind}.asked"] = scale["asked"]
        if scale["asked"]:
            view[f"scaling.{kind}.explored_down"] = scale["explored_down"]
            view[f"scaling.{kind}.explored_up"] = scale["explored_up"]
    return view
