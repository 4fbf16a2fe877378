"""The judgement engine: how a job conversation is judged against the handbook.

One engine for the practice feedback, the transcript review (command line and upload) and the
review pages. Three layers, each its own modules:

* detection (``detect``): the per-utterance coder (``bot.coder``) plus context detectors for
  the handbook's elements – contract, timeouts, closing recap/agreements/evaluation, scaling
  questions and their exploration, UGU, an announced role switch, pressure, question form;
* metrics (``metrics``): each element judged green/yellow/red by a rule that names its source
  (handbook section and page, or MITI marked as supplementary), the score and the overall colour;
* Danish rendering (``render``, ``suggestions``): the card's text, strengths, gaps and the
  curated "prøv i stedet" alternatives.

Public API (nothing heavy at import; the coder loads on first use):

    detect_agreements(turns) -> list[Agreement]   the one agreement detector (stable)
    judge(turns, ...) -> dict                      the feedback payload's inner dict
    CONTRACT_WINDOW                                consultant turns that count as "the start"
"""

from __future__ import annotations

from bot.judgement.agreements import Agreement, detect_agreements
from bot.judgement.process import CONTRACT_WINDOW

__all__ = ["CONTRACT_WINDOW", "Agreement", "detect_agreements"]
