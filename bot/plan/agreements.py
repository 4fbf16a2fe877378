"""Agreements as consultants type them, and the SMART check before they are saved.

"aftale: Stine sender tre uopfordrede ansøgninger inden fredag" becomes owner (borger),
action ("sender tre uopfordrede ansøgninger"), quantity (3) and deadline (the coming
Friday). The SMART check then says what is missing, each with the Danish question to ask:

* specific: an action verb and what it is about ("sender ansøgninger", not "søger mere"),
* measurable: a quantity ("tre", "2"), a frequency ("hver dag"), a done-criterion word
  ("færdig", "sendt", "booket", "holdt møde") or a definite object ("opdaterer sit cv",
  "vurderer cv'et", "ringer til Netto"),
* time-bound: a deadline date (see ``bot.plan.deadlines``),
* accepted and realistic: None until the consultant answers yes/no about the citizen.

Who does it: "a-kassen ..." → a-kasse; "jeg ...", "konsulenten ...", "jobcentret ..." →
konsulent; a name, "borgeren", "hun/han", "du" or no subject → borger (the default, also
for "vi").

Nothing is guessed: when a part is missing the draft says so, and ``AgreementAnswers``
carries the consultant's answers to the follow-up questions into the next parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum

from bot.core.folding import fold, fold_with_origin
from bot.core.numbers import CARDINAL_PATTERN, number_value
from bot.plan.deadlines import DeadlineResult, QuestionReason, parse_deadline
from bot.plan.errors import PlanError
from bot.plan.text import clean_input, parse_yes_no


class Owner(str, Enum):
    BORGER = "borger"
    KONSULENT = "konsulent"  # "jeg": saved as the consultant's organisation when it is known
    A_KASSE = "a-kasse"
    JOBCENTER = "jobcenter"


class SmartPart(str, Enum):
    SPECIFIC = "specific"
    MEASURABLE = "measurable"
    TIME_BOUND = "time_bound"
    ACCEPTED = "accepted"
    REALISTIC = "realistic"


QUESTIONS = {
    SmartPart.SPECIFIC: "Hvad skal der konkret ske – og hvad handler det om?",
    SmartPart.MEASURABLE: "Hvor mange – eller hvordan ser I, at det er gjort?",
    SmartPart.TIME_BOUND: "Hvornår skal det være gjort?",
    SmartPart.ACCEPTED: "Er borgeren med på aftalen?",
    SmartPart.REALISTIC: "Tror borgeren på, at det kan nås?",
}
ANSWERED_NO = {
    SmartPart.ACCEPTED: "Borgeren er ikke med på aftalen endnu. Justér den sammen med borgeren – eller gem den alligevel.",
    SmartPart.REALISTIC: "Borgeren tror ikke på, at det kan nås. Gør skridtet mindre eller fristen længere – eller gem alligevel.",
}


@dataclass(frozen=True)
class MissingPart:
    part: SmartPart
    question: str
    answered_no: bool = False  # accepted/realistic answered "nej": a hint rather than a question


@dataclass(frozen=True)
class AgreementAnswers:
    """The consultant's answers to the follow-up questions, as typed (or True/False)."""

    action: str | None = None
    measure: str | None = None
    deadline: str | None = None
    accepted: str | bool | None = None
    realistic: str | bool | None = None


@dataclass(frozen=True)
class AgreementDraft:
    text: str
    owner: Owner
    action: str | None
    quantity: int | None
    done_criterion: str | None
    deadline: date | None
    deadline_question: str | None = None
    deadline_reason: QuestionReason | None = None
    specific: bool = False
    accepted: bool | None = None
    realistic: bool | None = None
    next_conversation: date | None = field(default=None, compare=False)

    @property
    def measurable(self) -> bool:
        return self.quantity is not None or self.done_criterion is not None

    @property
    def time_bound(self) -> bool:
        return self.deadline is not None

    @property
    def flags(self) -> dict[str, bool | None]:
        return {
            SmartPart.SPECIFIC.value: self.specific,
            SmartPart.MEASURABLE.value: self.measurable,
            SmartPart.TIME_BOUND.value: self.time_bound,
            SmartPart.ACCEPTED.value: self.accepted,
            SmartPart.REALISTIC.value: self.realistic,
        }

    @property
    def missing(self) -> tuple[MissingPart, ...]:
        parts: list[MissingPart] = []
        for part, value in self.flags.items():
            smart = SmartPart(part)
            if value is False and smart in ANSWERED_NO:
                parts.append(MissingPart(smart, ANSWERED_NO[smart], answered_no=True))
            elif not value:
                parts.append(MissingPart(smart, self._question(smart)))
        return tuple(parts)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def open_questions(self) -> tuple[MissingPart, ...]:
        """Missing parts still to be asked about (not those answered "nej")."""
        return tuple(part for part in self.missing if not part.answered_no)

    @property
    def next_part(self) -> SmartPart | None:
        """Which answer to collect next (the field of ``AgreementAnswers`` to fill)."""
        return self.open_questions[0].part if self.open_questions else None

    @property
    def next_question(self) -> str | None:
        return self.open_questions[0].question if self.open_questions else None

    @property
    def hints(self) -> tuple[str, ...]:
        """What to say about parts answered "nej" (the agreement may need reworking)."""
        return tuple(part.question for part in self.missing if part.answered_no)

    def _question(self, part: SmartPart) -> str:
        if part is SmartPart.TIME_BOUND and self.deadline_question:
            return self.deadline_question
        return QUESTIONS[part]


# --- the sentence -------------------------------------------------------------------------------
_PREFIX = re.compile(
    r"^\s*(?:(?:ny|næste|naeste)\s+)?(?:aftale|aftalt|aftaler|delmål|delmaal|hjemmeopgave)\s*[:\-–]\s*"
    r"|^\s*(?:vi\s+)?(?:har\s+)?aftal(?:er|te|t)\s*,?\s*(?:at\s+)?",
    re.IGNORECASE,
)
_LEADING_AT = re.compile(r"^\s*at\s+", re.IGNORECASE)
_SUBJECTS = (
    (Owner.A_KASSE, r"(?:a[\s-]?kassen?s?(?:\s+konsulent(?:en)?)?|akassen?)"),
    (Owner.JOBCENTER, r"(?:jobcentret|jobcenteret|jobcenter|jc)"),
    (Owner.KONSULENT, r"(?:jeg|konsulenten|jobkonsulenten|mig)"),
    (Owner.BORGER, r"(?:borgeren|borger|hun|han|du|den\s+ledige|ledige|medlemmet)"),
    (None, r"(?:vi)"),  # "vi" is stripped as subject; the owner stays the default
)
_OWNER_NOTE = re.compile(r"^\s*\(\s*(?P<who>[^)]{1,30})\)\s*")
_MODALS = {
    "skal",
    "vil",
    "kan",
    "maa",
    "boer",
    "gerne",
    "lige",
    "selv",
    "ogsaa",
    "nu",
    "saa",
    "faktisk",
    "gaar",
    "proever",
}
_MODAL_LEADS = {"skal", "vil", "kan", "maa", "boer"}
_VERB_STEMS = (
    "send sende sender ring ringe ringer soeg soege soeger skriv skrive skriver find finde finder vurder vurdere vurderer "
    "tag tage tager gaa gaar faa faar se ser lav lave laver book booke booker kontakt kontakte kontakter besoeg besoege "
    "besoeger opdater opdatere opdaterer opret oprette opretter tilmeld tilmelde tilmelder deltag deltage deltager moed "
    "moede moeder undersoeg undersoege undersoeger tjek tjekke tjekker oev oeve oever forbered forberede forbereder "
    "aftal aftale aftaler hold holde holder laes laese laeser udfyld udfylde udfylder spoerg spoerge spoerger tal tale "
    "taler snak snakke snakker gennemgaa gennemgaar overvej overveje overvejer proev proeve proever start starte starter "
    "afslut afslutte afslutter faerdiggoer faerdiggoere goer goere giv give giver hjaelp hjaelpe hjaelper afklar afklare "
    "afklarer vejled vejlede vejleder formidl formidle formidler indkald indkalde indkalder henvis henvise henviser "
    "bestil bestille bestiller registrer registrere registrerer skaf skaffe skaffer koeb koebe koeber traen traene "
    "traener laer laere laerer mail maile mailer aflever aflevere afleverer upload uploade uploader del dele deler "
    "er har bliver"
).split()
_VERBS = frozenset(_VERB_STEMS)
_STOPWORDS = frozenset(
    "til paa med om i af for hos fra ved en et den det de sin sit sine hans hendes deres sig og eller at som der nogle "
    "flere lidt mere meget ogsaa lige gerne selv saa nu ud op ind over igen hen sammen alle hver dag uge gang gange "
    "stk stykker".split()
)
_VAGUE_OBJECTS = frozenset("mere bredere noget lidt det ting tingene videre bedre ekstra andet sagen det hele".split())
_VAGUE_QUANTITY = re.compile(r"\b(?:et par|nogle|flere|en masse|mange|en del|lidt|nogen)\b")
# An action said with a hedge is no clear "what" ("kigger lidt på", "prøver at", "måske"): not specific.
_HEDGE = re.compile(
    r"\b(?:lidt|maaske|proev(?:e|er)? (?:jeg |du |hun |han |vi |de )?at|ser? om|taenk(?:e|er)? (?:over|paa)|"
    r"paa et tidspunkt|engang|hvis (?:hun|han|de|jeg|du) (?:kan|naar|orker)|forsoege|forsoeger)\b"
)
# An answer that says the measure is not known ("det ved jeg ikke helt", "vi ser", "måske et par stykker").
_UNKNOWN = re.compile(
    r"\b(?:ved (?:\w+ )?ikke|aner (?:\w+ )?ikke|ingen anelse|vi ser|maaske|usikker|ikke sikker|"
    r"kommer an paa|svaert at sige|det afhaenger|hmm+)\b"
)
_DONE_WORDS = re.compile(
    r"\b(?:faerdig|faerdiggjort|sendt|booket|hold(?:e|er|t)?(?:\s+et)?\s+moede|afholdt|afleveret|oprettet|opdateret|tilmeldt|"
    r"godkendt|gennemfoert|afsluttet|klar|paa plads|underskrevet|udfyldt|uploadet|lagt op|aftalt)\b"
)
_FREQUENCY = re.compile(
    r"\b(?:hver(?:t)?\s+(?:dag|uge|morgen|mandag|tirsdag|onsdag|torsdag|fredag)|dagligt|ugentligt)\b"
)
_NUMBER = re.compile(rf"(?<![\w/.,])(?P<n>{CARDINAL_PATTERN})(?![\w/]|[.,]\d)")
_TOKEN = re.compile(r"[\wæøåÆØÅéÉ'’-]+")
_DEFINITE_SUFFIX = re.compile(r"(?:'|’)?(?:en|et|ne)$")


@dataclass(frozen=True)
class _Parsed:
    owner: Owner | None  # None: no explicit subject (the caller defaults to borger)
    action: str | None
    quantity: int | None
    done_criterion: str | None
    specific: bool
    deadline: DeadlineResult


def strip_prefix(text: str) -> str:
    body = _PREFIX.sub("", text, count=1)
    return _LEADING_AT.sub("", body).strip()


_DANGLING = re.compile(r"(?:\s+(?:og|eller|senest|inden|til|paa|på))+\s*$", re.IGNORECASE)


def _remove_spans(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The text without the deadline words (and an "og"/"eller" left hanging at the end)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    text = re.sub(r"\s+([,.;!?])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,.;:-–")
    return _DANGLING.sub("", text).strip(" ,.;:-–")


def _split_subject(body: str) -> tuple[Owner | None, str]:
    folded = fold(body)
    for owner, pattern in _SUBJECTS:
        match = re.match(rf"(?:{pattern})(?![\wæøå-])", folded)
        if match:
            return _owner_note(owner, _cut_words(body, len(match.group().split())))
    tokens = body.split()
    if len(tokens) >= 2 and tokens[0][:1].isupper() and _looks_like_verb(fold(tokens[1]), after_modal=False):
        return _owner_note(Owner.BORGER, _cut_words(body, 1))
    if (
        len(tokens) >= 3
        and tokens[0][:1].isupper()
        and tokens[1][:1].isupper()
        and _looks_like_verb(fold(tokens[2]), False)
    ):
        return _owner_note(Owner.BORGER, _cut_words(body, 2))
    return _owner_note(None, body)


def _cut_words(text: str, count: int) -> str:
    return text.split(None, count)[count] if len(text.split()) > count else ""


def _owner_note(owner: Owner | None, rest: str) -> tuple[Owner | None, str]:
    """ "jeg (konsulenten) finder ..." – a note in brackets right after the subject decides."""
    note = _OWNER_NOTE.match(rest)
    if not note:
        return owner, rest
    return _owner_named_in(note.group("who")) or owner, rest[note.end() :]


def _owner_named_in(text: str) -> Owner | None:
    folded = fold(text)
    for owner, pattern in _SUBJECTS:
        if owner is not None and re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", folded):
            return owner
    return None


def _looks_like_verb(word: str, after_modal: bool) -> bool:
    word = word.strip(".,;:!?")
    if word in _VERBS or word in _MODAL_LEADS:
        return True
    if after_modal:
        return word.isalpha() and word not in _STOPWORDS
    return len(word) > 3 and word.endswith("er") and word not in _STOPWORDS


def _verb_phrase(rest: str) -> tuple[str, bool]:
    """Drop modal and filler words before the verb; say whether a verb starts what is left."""
    words = rest.split()
    original = list(words)
    after_modal = False
    while words and fold(words[0]) in _MODALS:
        after_modal = after_modal or fold(words[0]) in _MODAL_LEADS
        words.pop(0)
    has_verb = bool(words) and _looks_like_verb(fold(words[0]), after_modal)
    if not has_verb:
        # A filler can be the verb itself: "går ind til bageren", "prøver en ny rute".
        stripped = original[: len(original) - len(words)]
        first_verb = next((i for i, w in enumerate(stripped) if fold(w) in _VERBS - _MODAL_LEADS), None)
        if first_verb is not None:
            return " ".join(original[first_verb:]), True
    return " ".join(words), has_verb


def _object_words(action: str) -> list[str]:
    tokens = _TOKEN.findall(action)[1:]
    return [t for t in tokens if fold(t) not in _STOPWORDS and number_value(t) is None]


def _is_specific(action: str, has_verb: bool) -> bool:
    if not has_verb:
        return False
    content = [w for w in _object_words(action) if fold(w) not in _VAGUE_OBJECTS]
    return bool(content)


def _quantity(action: str) -> int | None:
    folded = fold(action)
    if _VAGUE_QUANTITY.search(folded):
        return None
    for match in _NUMBER.finditer(folded):
        value = number_value(match.group("n"))
        after = folded[match.end() :].lstrip()
        if value and (match.group("n").isdigit() or value > 1 or _starts_with_noun(after)):
            return value
    return None


def _starts_with_noun(text: str) -> bool:
    """ "en ansøgning" counts as one; "en af dagene" or a bare "en" does not."""
    first = text.split(" ", 1)[0].strip(",.;:!?") if text else ""
    return bool(first) and first.isalpha() and first not in _STOPWORDS


def _done_criterion(action: str) -> str | None:
    folded = fold_with_origin(action)
    found = _DONE_WORDS.search(folded.text) or _FREQUENCY.search(folded.text)
    if found:
        return folded.source_text(*found.span())
    # "søger nogle stillinger i byggemarkedet": the vague amount is what is measured, so the
    # definite place it names does not make the step measurable ("hvor mange?" is still open).
    if _VAGUE_QUANTITY.search(folded.text.split(",", 1)[0]):  # the main clause, not "…, om de mangler nogen"
        return None
    return _definite_object(action)


def _is_content(token: str) -> bool:
    folded = fold(token)
    return folded not in _STOPWORDS and folded not in _VAGUE_OBJECTS and number_value(token) is None


def _definite_object(action: str) -> str | None:
    """A definite thing to be done with: "sit cv", "cv'et", "jobbet hos Netto", "Netto".

    A word ending like a definite noun only counts when it ends its phrase, so the
    participle in "uopfordret ansøgning" is not taken for one.
    """
    tokens = _TOKEN.findall(action)[1:]
    for index, token in enumerate(tokens):
        if not _is_content(token):
            continue
        previous = fold(tokens[index - 1]) if index else ""
        ends_phrase = index + 1 == len(tokens) or not _is_content(tokens[index + 1])
        possessive = previous in {"sin", "sit", "sine", "hans", "hendes", "deres", "den", "det", "de"}
        suffix = len(token) > 4 and _DEFINITE_SUFFIX.search(fold(token)) is not None and ends_phrase
        if possessive or token[:1].isupper() or suffix:
            return token
    return None


def _parse_sentence(body: str, today: date, next_conversation: date | None) -> _Parsed:
    deadline = parse_deadline(body, today, next_conversation)
    without_deadline = _remove_spans(body, deadline.spans)
    owner, rest = _split_subject(without_deadline)
    action, has_verb = _verb_phrase(rest)
    return _Parsed(
        owner=owner,
        action=action or None,
        quantity=_quantity(action),
        done_criterion=_done_criterion(action) if action else None,
        specific=_is_specific(action, has_verb) and not _HEDGE.search(fold(body)),
        deadline=deadline,
    )


def _draft_from(body: str, parsed: _Parsed, next_conversation: date | None) -> AgreementDraft:
    return AgreementDraft(
        text=body,
        owner=parsed.owner or Owner.BORGER,
        action=parsed.action,
        quantity=parsed.quantity,
        done_criterion=parsed.done_criterion,
        deadline=parsed.deadline.date,
        deadline_question=parsed.deadline.question,
        deadline_reason=parsed.deadline.reason,
        specific=parsed.specific,
        next_conversation=next_conversation,
    )


# --- answers to the follow-up questions ------------------------------------------------------------
def _apply_action_answer(draft: AgreementDraft, answer: str, today: date) -> AgreementDraft:
    parsed = _parse_sentence(strip_prefix(clean_input(answer, "svaret")), today, draft.next_conversation)
    if not parsed.specific:
        return draft
    updated = replace(
        draft,
        action=parsed.action,
        specific=True,
        owner=parsed.owner or draft.owner,
        quantity=parsed.quantity if parsed.quantity is not None else draft.quantity,
        done_criterion=parsed.done_criterion or draft.done_criterion,
    )
    return _with_deadline(updated, parsed.deadline) if parsed.deadline.found else updated


def _apply_measure_answer(draft: AgreementDraft, answer: str) -> AgreementDraft:
    answer = clean_input(answer, "svaret")
    folded = fold(answer)
    if _UNKNOWN.search(folded) or _VAGUE_QUANTITY.search(folded):
        return draft  # "det ved jeg ikke helt", "lidt", "nogle", "måske tre": no measure yet
    quantity = _quantity(answer)
    if quantity is not None:
        return replace(draft, quantity=quantity)
    content = [t for t in _TOKEN.findall(answer) if fold(t) not in _STOPWORDS]
    return replace(draft, done_criterion=answer) if content else draft


def _with_deadline(draft: AgreementDraft, result: DeadlineResult) -> AgreementDraft:
    return replace(draft, deadline=result.date, deadline_question=result.question, deadline_reason=result.reason)


def _apply_deadline_answer(draft: AgreementDraft, answer: str, today: date) -> AgreementDraft:
    result = parse_deadline(clean_input(answer, "svaret"), today, draft.next_conversation)
    if result.found:
        return _with_deadline(draft, result)
    return replace(
        draft,
        deadline=None,
        deadline_question="Den dag kunne jeg ikke læse. Hvornår skal det være gjort? Skriv fx »på fredag« eller »d. 3/12«.",
        deadline_reason=None,
    )


def apply_answers(draft: AgreementDraft, answers: AgreementAnswers, today: date) -> AgreementDraft:
    if answers.action:
        draft = _apply_action_answer(draft, answers.action, today)
    if answers.measure:
        draft = _apply_measure_answer(draft, answers.measure)
    if answers.deadline:
        draft = _apply_deadline_answer(draft, answers.deadline, today)
    return replace(
        draft,
        accepted=parse_yes_no(answers.accepted) if answers.accepted is not None else draft.accepted,
        realistic=parse_yes_no(answers.realistic) if answers.realistic is not None else draft.realistic,
    )


def parse_agreement(
    text: str,
    today: date,
    next_conversation: date | None = None,
    answers: AgreementAnswers | None = None,
) -> AgreementDraft:
    """The agreement in ``text`` with its SMART check; raises PlanError for unusable input."""
    body = strip_prefix(clean_input(text, "aftalen"))
    if not body:
        raise PlanError(
            "Aftalen er tom. Skriv, hvem der gør hvad og hvornår – fx »Stine sender tre ansøgninger inden fredag«."
        )
    draft = _draft_from(body, _parse_sentence(body, today, next_conversation), next_conversation)
    return apply_answers(draft, answers, today) if answers else draft


# --- the action as a verb phrase for other sentences ------------------------------------------------------
# Infinitives whose stem is not simply the present tense without "-r", and those the present list lacks.
_IRREGULAR_INFINITIVES = {
    "er": "være",
    "har": "have",
    "goer": "gøre",
    "gør": "gøre",
    "ved": "vide",
    "vil": "ville",
    "kan": "kunne",
    "skal": "skulle",
    "maa": "måtte",
    "må": "måtte",
    "bliver": "blive",
}
_EXTRA_INFINITIVES = frozenset("blive komme vaere have kende vide vaelge beslutte skabe naa staa komme bruge".split())


def is_infinitive(word: str) -> bool:
    """ "finde", "søge", "få" – the forms a goal or an agreement starts with after "at"."""
    folded = fold(word.strip(".,;:!?"))
    if folded in _EXTRA_INFINITIVES:
        return True
    return folded in _VERBS and (folded.endswith("e") or folded in {"faa", "gaa", "se", "naa"})


def infinitive_of(verb: str) -> str | None:
    """The infinitive of a present-tense verb ("sender" → "sende", "går" → "gå"), None if unknown."""
    word = verb.strip(".,;:!?")
    lowered = word.lower()
    folded = fold(lowered)
    if lowered in _IRREGULAR_INFINITIVES or folded in _IRREGULAR_INFINITIVES:
        return _IRREGULAR_INFINITIVES.get(lowered) or _IRREGULAR_INFINITIVES[folded]
    if is_infinitive(word):
        return lowered
    if folded.endswith("r") and (fold(lowered[:-1]) in _VERBS or (folded.endswith("er") and len(folded) > 4)):
        return lowered[:-1]
    return None
