"""Where each rule comes from: a handbook section and page, or MITI marked as supplementary.

The handbook is "Håndbog i jobrettede samtaler" (STAR, maj 2015); pages are those of its table
of contents and "Læs mere om" references. MITI is the Motivational Interviewing Treatment
Integrity code; its figures are used only as supplementary measures, shown apart and weighted
less. The exercise's own measure (hidden facts in a practice) is neither and is not scored.
"""

from __future__ import annotations

from dataclasses import dataclass

HANDBOOK, MITI, EXERCISE = "handbook", "miti", "exercise"
WEIGHTS = {HANDBOOK: 1.0, MITI: 0.5, EXERCISE: 0.0}


@dataclass(frozen=True)
class Source:
    kind: str
    text: str  # Danish, shown on the card

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]

    @property
    def supplementary(self) -> bool:
        return self.kind != HANDBOOK

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "weight": self.weight, "supplementary": self.supplementary}


SOURCES: dict[str, Source] = {
    "contract": Source(HANDBOOK, "Håndbogen, trin 3: Lav kontrakten, s. 12"),
    "timeouts": Source(HANDBOOK, "Håndbogen, trin 6: Lav timeouts undervejs, s. 15"),
    "closure": Source(HANDBOOK, "Håndbogen, trin 9: Lav en god afslutning, s. 19"),
    "agreements": Source(HANDBOOK, "Håndbogen, trin 9, s. 19, og SMART-mål, s. 30"),
    "scaling": Source(HANDBOOK, "Håndbogen, trin 4: Skalaspørgsmål, s. 13-14"),
    "ugu": Source(HANDBOOK, "Håndbogen, trin 5: Giv relevant information og rådgivning (UGU), s. 14"),
    "pressure": Source(HANDBOOK, "Håndbogen, trin 7, s. 16, og Udfordrende samtaler, s. 18"),
    "role_switch": Source(HANDBOOK, "Håndbogen, trin 8: Vær bevidst om din dobbeltrolle, s. 17"),
    "trainee_word_share": Source(HANDBOOK, "Håndbogen, trin 5, s. 14 (de 80 procent)"),
    "open_question_share": Source(MITI, "MITI 3.1.1 – supplerende, ikke fra håndbogen"),
    "reflection_question_ratio": Source(MITI, "MITI 4.2.1 – supplerende, ikke fra håndbogen"),
    "hidden_facts": Source(EXERCISE, "Øvelsens egen måling – ikke fra håndbogen, tæller ikke med i point"),
}

METRIC_ORDER: tuple[str, ...] = tuple(SOURCES)  # the order metrics are shown in
HANDBOOK_METRICS: tuple[str, ...] = tuple(k for k, source in SOURCES.items() if source.kind == HANDBOOK)
