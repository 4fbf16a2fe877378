"""The ``{"plan": {...}}`` payload that plan-store replies carry for the web cockpit's panels."""

from __future__ import annotations

from typing import Any

from bot.plan.views import PlanView


def plan_payload(plan: PlanView) -> dict[str, Any]:
    contract = plan.contracts[-1] if plan.contracts else None
    active_jobs = {job.level: job.title for job in plan.job_history if job.active}
    return {
        "plan": {
            "citizen_ref": plan.citizen_ref,
            "contract": {"about": contract.about, "goal": contract.goal, "how": contract.how} if contract else None,
            "agreements": [
                {
                    "id": a.number,
                    "text": a.text,
                    "owner": a.owner,
                    "deadline": a.deadline.isoformat() if a.deadline else None,
                    "status": a.status,
                    "status_note": a.status_note,
                    "smart": dict(a.smart),
                    "missing": list(a.missing),
                }
                for a in plan.agreements
            ],
            "scaling": [
                {"kind": s.kind, "value": s.value, "reason": s.reason, "at": s.created_at.isoformat()}
                for s in plan.scaling
            ],
            "jobs": {level: active_jobs.get(level) for level in ("A", "B", "C")},
        }
    }
