"""The process level of a conversation: contract, timeouts, closing phase, role switch.

* Contract (trin 3, s. 12): at the opening the consultant agrees with the citizen at least what
  the conversation is about and what it should lead to, and the citizen has a say: the
  consultant asks what the conversation should lead to (the answer names the topic when the
  consultant did not). Naming the booked topic is not enough; neither is an agenda announced
  without asking. How it will go and the time available complete it.
* Timeouts (trin 6, s. 15): after the contract and before the closing phase, a question to the
  citizen about the conversation itself: is it moving in the right direction, go on or change
  subject, what is most important to talk about now. The handbook sets no interval.
* Closing phase (trin 9, s. 19): from the first closing move after the contract (announcing the
  end, the recap, asking for next steps, proposing an agreement, the evaluation) in the second
  half of the conversation. Its elements: a recap related to the contract, agreements,
  evaluation of the conversation.
* Role switch (trin 8, s. 17): the consultant says that they now take the authority role
  ("Jeg tager lige myndighedskasketten på …"). Until the hat is taken off again (or a few turns
  later) rules and consequences are information, not pressure.

All rules are regular expressions over lower-case text; none loads a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.judgement.questions import CLOSED, OPEN, sentence_form
from bot.judgement.turns import CITIZEN, SECOND_PERSON_RE, Turn, citizen_reply, content_lemmas, words

CONTRACT_WINDOW = 3  # a contract "at the start" begins within the first three consultant turns
ROLE_WINDOW = 3  # consultant turns an announced role switch covers when the hat is not taken off

TOPIC_ASK_RE = re.compile(
    r"\b(?:tale|snakke) om\b|\bkigger på\b|\bkigge på\b|\bbruge tiden på\b|\bfå talt om\b|\bse på i dag\b|"
    r"\bfokusere på\b|\bhjælpe dig\b|\bhar du tænkt\b|\bbruge (?:den her )?samtale"
)
TOPIC_NAMED_RE = re.compile(
    r"\bbooket (?:en |den )?(?:samtale|tid)\b|\bvalgt emnet\b|\bdagsorden|\bvi skal (?:tale|snakke) om\b|"
    r"\bi dag skal vi\b|\bvi skal se på\b|\bemnet\b|\bindkaldelse"
)
# What the conversation should lead to (trin 3, s. 12: "hvad den skal føre frem til"): a question
# about the outcome the citizen wants from this meeting – getting something out of it, taking
# something away, reaching or achieving something, it being worth the time – rather than a fixed
# list of wordings.
GOAL_ASK_RE = re.compile(
    r"\b(?:have|få)(?: [a-zæøå]+)? ud af\b|\bud af (?:samtalen|i dag|tiden|vores|den her|det her|mødet|at)\b|"
    r"\bherfra\b|\b(?:med|gå|tage) (?:dig )?(?:med )?hjem\b|\bhave med (?:dig )?(?:hjem|herfra)\b|"
    r"\bhvad skal der (?:til|ske),? for at (?:du|det|samtalen|vi)\b|\b(?:tiden|det|samtalen) værd\b|\bbrugbar|\bnyttig|"
    r"\b(?:føre|nå) (?:frem )?til\b|\bnår vi (?:er færdige|slutter|går fra hinanden)\b|\bsucces\b|"
    r"\bhvad (?:skal|vil) du (?:gerne )?(?:have )?(?:opnå|opnået|nå|nået)\b|"
    r"\bhvad er (?:dit|jeres) mål\b|\b(?:vi|du) nå(?:r)? i dag\b|\bhvordan kan (?:jeg|vi) (?:bedst )?hjælpe|"
    r"\bhvad (?:håber|ønsker|forventer) du\b[^?]*\b(?:i dag|samtalen|mødet|her)\b|\ben god samtale\b|"
    r"\bhvad har du (?:mest )?brug for\b[^?]*\b(?:i dag|fra mig|fra os|her)\b"
)
# The same question asked by the end of the meeting (trin 3, s. 12): an hv-question that looks
# ahead to the end of this meeting ("når du går ud ad døren", "det her", "i dag", "ti minutter")
# and asks what would make it good or worth it ("god", "værd", "resultat", "tilfreds").
# this meeting as a span of time (shared by the goal and the evaluation)
MEETING_SPAN = r"\bi dag\b|\bdet her\b|\bde her\b|\b(?:halve? )?time[n]?\b|\bminutter\b|\bkvarter(?:et)?\b"
MEETING_REF_RE = re.compile(
    MEETING_SPAN + r"|\bsamtalen\b|\bmødet\b|\btiden\b|\bherfra\b|\bud ad døren\b|\bnår vi (?:slutter|er færdige)\b"
)
OUTCOME_WORDS_RE = re.compile(
    r"\b(?:god|godt|gode|glad|værd|umagen|resultat\w*|udbytte|tilfreds|lykke[st]\w*|brugbar\w*|nyttig\w*|besværet|"
    r"målet|frem til)\b"
)
HV_START_RE = re.compile(r"^(?:(?:og|så|men)\s+)?(?:hvad|hvornår|hvordan|hvis)\b")


def asks_outcome(question: str) -> bool:
    """A question about what would make this meeting good for the citizen (the goal of trin 3)."""
    low = question.strip().lower()
    return bool(
        GOAL_ASK_RE.search(low)
        or (HV_START_RE.search(low) and MEETING_REF_RE.search(low) and OUTCOME_WORDS_RE.search(low))
    )


HOW_RE = re.compile(
    r"\bvi har (?:et kvarter|en halv time|en time|tre kvarter|[\w-]+ minutter)|\bjeg foreslår,? at vi\b|"
    r"\btil sidst\b|\bførst\b.{0,80}\b(?:så|derefter|bagefter)\b|\bdagsorden"
)
# Timeouts (trin 6, s. 15): a question about the conversation itself. It names the conversation
# ("vi", "samtalen", "det her") and asks about its direction or progress towards the goal, about
# going on or changing subject, about what is most important now, or whether it is of use.
ABOUT_US_RE = re.compile(
    r"\bvi\b|\bos\b|\bsamtalen\b|\bdet her\b|\bvores (?:snak|samtale)\b|\bi dag\b|\bindtil (?:videre|nu)\b"
)
DIRECTION_RE = re.compile(
    r"\b(?:rette|rigtige|gode|god) (?:vej|spor|retning|kurs)\b|\bpå sporet\b|\bpå vej\b|\bbevæger\b|"
    r"\b(?:kommet|komme|kommer) (?:tættere|nærmere|videre)\b|\bved at nå\b|\bnået (?:det|noget|derhen)\b|"
    r"\bi mål\b|\b(?:derhen|der),? (?:hvor|som) du\b|\bden vej,? vi skal\b|\bbruger vi tiden\b|"
    r"\bhvor er vi (?:henne|nu)\b"
)
GOAL_REF_RE = re.compile(
    r"\bdet,? (?:du (?:gerne )?(?:ville|ønskede|kom for|håbede)|vi aftalte|du sagde i starten)\b|\bmålet (?:med|for)\b|"
    r"\bi forhold til (?:det,? )?(?:vi aftalte|du kom for|det,? du|målet)\b"
)
CHOICE_RE = re.compile(
    r"\b(?:skal|vil|kan) (?:vi|du) (?:lige |helst |hellere )?(?:blive ved|fortsætte|bruge|tage fat|gå videre|gå over|"
    r"over til|hellere|holde|vende tilbage|skifte|se på|kigge på|tale (?:mere )?om|snakke (?:mere )?om)\b[^?]*\beller\b|"
    r"\beller (?:skal vi|vil du|er (?:det|der))\b[^?]*\b(?:hellere|heller|andet|tid til|fylder|vigtigere|videre)\b|"
    r"\bholde fast i\b[^?]*\beller\b|\bskifte spor\b|\b(?:noget|emne) andet\b[^?]*\b(?:nu|hellere|vigtigere)\b|"
    r"\bhellere (?:vil )?(?:tale|snakke|bruge tiden|se på|tage fat)\b"
)
PRIORITY_RE = re.compile(
    r"\b(?:vigtigst\w*|vigtigere|mest vigtigt|fylder (?:mest|mere)|mest brug for|prioritere)\b[^?]*"
    r"\b(?:lige nu|nu|tale om|snakke om|få talt om|bruge tiden|bruge (?:dem|den) på|resten af tiden|den sidste tid|i dag|vi)\b|"
    r"\bhvad (?:skal|vil) vi bruge (?:den sidste |resten af |den næste )?tid"
)
USE_RE = re.compile(
    r"\b(?:nyttigt|brugbart|relevant|en hjælp|godt at blive ved|det,? du har brug for|noget,? du har brug for)\b|"
    r"\bgiver det (?:her )?mening (?:for dig )?at (?:fortsætte|blive ved|bruge|tale)\b|"
    r"\bhvordan (?:synes du,? )?(?:det|samtalen) går\b|\bstoppe? (?:lige )?op\b|\bgiver (?:det|samtalen) (?:her )?mening\b|"
    r"\bhvordan går det med (?:samtalen|os|vores snak|det her)\b|\bhvordan (?:synes du,? )?(?:det|samtalen) (?:er|har) gået\b"
)
ANNOUNCE_END_RE = re.compile(
    r"\bvi nærmer os (?:tiden|slutningen|enden)\b|\bved at være ved (?:tiden|slutningen|vejs ende)\b|\bvejs ende\b|"
    r"\binden vi slutter\b|\brunde (?:det )?af\b|\btiden er ved at\b|\bvi skal til at (?:slutte|stoppe)\b"
)
# A look back at the contract names what the citizen came for ("Du kom for at …", "Du ville gerne
# …", "Dit ønske i dag var …", "Da vi startede, sagde du …").
CONTRACT_REF_RE = re.compile(
    r"\bdu (?:kom (?:her )?for|kom med (?:et ønske|et spørgsmål|en idé)|ville (?:gerne )?|gerne ville|ønskede|håbede|"
    r"skulle gerne|var kommet for|"
    r"sagde (?:i starten|i begyndelsen|da du kom))\b|"
    r"\bi forhold til (?:det,? )?(?:vi aftalte|du kom for|det,? du|målet)\b|\bdet,? du (?:kom for|gerne ville)\b|"
    r"\bi (?:starten|begyndelsen)\b|\bda du kom\b|\bda vi (?:startede|begyndte)\b|"
    r"\b(?:dit|jeres) (?:ønske|mål)\b[^.?!]{0,30}\bvar\b|\bmålet (?:med samtalen|for i dag|i dag)? ?var\b"
)
RECAP_RE = re.compile(
    r"\bsom jeg har forstået\b|\bvi er (?:kommet|nået) frem til\b|\bvi har (?:talt om|set|fundet|snakket om)\b|"
    r"\bdet,? (?:vi har fundet frem til|der står (?:klart|tilbage))\b|\bstår klar|\blisten viste\b|"
    r"\bsamle (?:lidt )?op\b|\bopsummer|\bnået frem til\b|\bkommet frem til\b|\bhar vi (?:set|fundet|talt)\b|"
    r"\bsammenfat|\bdet vigtigste (?:har været|er)\b|\bvi har fået\b"
)
LOOK_BACK_ASK_RE = re.compile(
    r"\btager du (?:selv )?med\b|\bkan du (?:især )?bruge\b|\b(?:mere afklaret|klarere) (?:for dig )?nu\b|"
    r"\bfået ud af (?:samtalen|i dag|det|vores)\b|\bhvad (?:har været|var) (?:det )?(?:vigtigst\w*|mest brugbart|mest nyttigt)\b|"
    r"\bhvad står (?:mere )?(?:klart|klarere)\b|\bhvad har (?:du|vi) nået\b"
)
# The consultant checks a summary with the citizen ("Er det rigtigt forstået?", "Passer det?"): the
# closing recap is also to secure a shared understanding (trin 9, s. 19).
CHECK_ASK_RE = re.compile(
    r"\b(?:rigtigt forstået|forstået (?:det )?rigtigt|passer det|stemmer det|er du enig|rammer det|"
    r"kan du genkende|er det sådan,? du|er det dækkende)\b"
)
AGREEMENT_ASK_RE = re.compile(
    r"\bnæste skridt\b|\bhvad vil du gøre\b|\bhvad gør du\b|\bfrem til næste gang\b|\binden vi ses\b|"
    r"\bhvad skal vi aftale\b|\bhvad vil du (?:gerne )?(?:nå|gå i gang med)\b"
)
PROPOSAL_RE = re.compile(
    r"\bså (?:siger|aftaler|skriver) vi\b,?(?: at)?|\bdin aftale er\b,?(?: at)?|\bkan vi aftale,? at\b|"
    r"\bskal vi (?:ikke )?(?:sige|aftale)\b,?(?: at)?|\bhvad (?:med|siger du til),? at du\b|\bså aftaler vi\b|\bblive enige om,? at\b|\bjeg foreslår,? at du\b|"
    r"\bdin opgave (?:til næste gang )?er\b(?: at)?|\btil næste gang (?:skal|søger|sender|ringer|skriver) du\b|"
    r"^(?:(?:godt|okay|fint)[.,!]?\s+)?så (?:søger|sender|ringer|skriver|tager|laver|finder|booker|går) du\b|"
    # a step with a day, asked verb first: "Vil du sende den inden fredag?" (not "Kan du nå det …?")
    r"(?:^|[.!?]\s+)(?:og |så )?(?:vil|kan) du (?!nå\b|godt\b|fortælle|beskrive|sige|forklare|uddybe)(?=[^?.!]*\b"
    r"(?:inden|senest|i morgen|næste uge|(?:på|til|om|i) (?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag))\b[^?.!]*\?)"
)
# Evaluation (trin 9, s. 19): the citizen's opinion asked about the conversation itself – an opinion
# question ("Hvad synes du om …", "Hvordan har du oplevet …") about the conversation, the meeting
# or being here, or what could have been better.
OPINION_ASK_RE = re.compile(
    r"\bhvad synes du om\b|\bhvordan (?:har du oplevet|oplevede du|synes du,? (?:at )?(?:det|den|samtalen|snakken) "
    r"(?:har været|var|gik))\b|\bhvordan (?:var|har|gik|har været)\b|\bhvordan har du (?:haft det|det) med\b|"
    r"\b(?:var|er) (?:det|den|samtalen|snakken|mødet)(?: her)? (?:en )?(?:god|brugbar|nyttig)\b"
)
CONVERSATION_RE = re.compile(
    r"\bsamtale[nr]?\b|\bsnakken\b|\bmødet\b|\bvores (?:snak|samtale|møde|tid)\b|\bden her (?:snak|samtale|time)\b|"
    r"\bdet her møde\b|\bom i dag\b|\bat (?:være|komme) her\b|\bat (?:tale|snakke) (?:med mig|med os|sammen|her)\b|"
    r"\bat have os\b|\bhvordan (?:har )?det (?:har )?været at (?:tale|snakke)\b|\bden,\s*$"
)
EVALUATION_RE = re.compile(
    r"\bhvad kunne (?:have været|være) bedre\b|\bgodt ved samtalen\b|\bhvad (?:skal|skulle|kunne) (?:jeg|vi) (?:have )?"
    r"(?:gøre|gjort) (?:anderledes|bedre)\b|\bhvad kunne (?:vi|jeg) gøre bedre\b|\bhvordan var det for dig at (?:være her|komme|tale)\b"
)


# The same asked in other words: a view or an experience asked for ("Hvordan var …", "Hvordan har
# du oplevet …", "Hvad har været godt og mindre godt …", "… skulle have gjort anderledes …"), looking
# back (a past or perfect verb: a question about how it *goes* is a timeout, trin 6) at the meeting
# as a span of time or as "what we did" ("de her ti minutter", "det her i dag", "den måde, vi har
# snakket sammen på").
VIEW_ASK_RE = re.compile(
    r"\bsynes du\b|\boplev(?:et|ede)\b|^(?:(?:og|så|men)\s+)?hvordan (?:var|har|gik|syntes)\b|"
    r"\b(?:godt|skidt|dårligt|bedre|anderledes|rart|svært)\b"
)
LOOKS_BACK_RE = re.compile(
    r"\b(?:var|været|gik|gået|havde|oplevet|oplevede|syntes|har (?:snakket|talt|haft)|skulle (?:have|jeg|vi)|kunne (?:have|jeg|vi))\b"
)
SPAN_RE = re.compile(
    MEETING_SPAN
    + r"|\bden måde,? (?:vi|du|jeg)\b|\bvi (?:har )?(?:snakket|talt|været)\b|\b(?:jeg|vi) (?:skulle|kunne|havde)(?: have)? (?:gjort|sagt)\b"
)


def is_evaluation_question(question: str) -> bool:
    """An opinion asked about the conversation itself (see ``OPINION_ASK_RE`` and ``VIEW_ASK_RE``)."""
    low = question.lower()
    if EVALUATION_RE.search(low) or (OPINION_ASK_RE.search(low) and CONVERSATION_RE.search(low)):
        return True
    return bool(
        VIEW_ASK_RE.search(low) and LOOKS_BACK_RE.search(low) and (SPAN_RE.search(low) or CONVERSATION_RE.search(low))
    )


ROLE_ON_RE = re.compile(
    r"\bmyndighedskasket|\bmyndighedshat|\b(?:kasketten|hatten) på\b|\bmyndighedsrolle|\bsom myndighed\b|"
    r"\bskift(?:er|e)? (?:lige )?(?:rolle|hat|kasket)\b|\bden formelle rolle\b|\bmin rolle som (?:myndighed|sagsbehandler)\b"
)
ROLE_OFF_RE = re.compile(
    r"\b(?:kasketten|hatten) af\b|\bbemyndigende rolle\b|\bsparringspartner igen\b|\btilbage til dig\b|"
    r"\bskift(?:er|e)? (?:rolle )?tilbage\b"
)


def _questions(turn: Turn) -> list[str]:
    return [s.lower() for s in turn.sentences if sentence_form(s) in (OPEN, CLOSED)]


def _asks(turn: Turn, pattern: re.Pattern) -> bool:
    return any(pattern.search(q) for q in _questions(turn))


@dataclass
class Contract:
    present: bool = False
    at_start: bool = False
    turns: list[int] = field(default_factory=list)  # consultant turn numbers
    end_position: int = -1  # position of the last contract turn
    goal_position: int = -1  # position of the turn that asked what the conversation should lead to
    elements: dict[str, bool] = field(default_factory=dict)


def _contract_cues(turn: Turn) -> dict[str, bool]:
    low = turn.low
    return {
        "topic": _asks(turn, TOPIC_ASK_RE) or bool(TOPIC_NAMED_RE.search(low)),
        "goal": any(asks_outcome(q) for q in _questions(turn)),
        "how": bool(HOW_RE.search(low)),
        "asked": bool(_questions(turn)),
    }


def detect_contract(consultant: list[Turn]) -> Contract:
    """The contract in the opening (the consultant turns before the content exploration)."""
    found = Contract(elements={"topic": False, "goal": False, "how": False})
    for turn in consultant[: 2 * CONTRACT_WINDOW]:
        if found.turns and is_timeout_question(turn):
            break  # "Er vi på rette vej …?" already looks back at the contract
        cues = _contract_cues(turn)
        if not (cues["topic"] or cues["goal"] or cues["how"]):
            if cues["asked"] and found.turns:
                break  # the content exploration has begun
            continue
        found.turns.append(turn.number)
        found.end_position = turn.position
        if cues["goal"] and found.goal_position < 0:
            found.goal_position = turn.position
        for key in ("topic", "goal", "how"):
            found.elements[key] = found.elements[key] or cues[key]
    # What the conversation should lead to must be asked; the citizen's answer names the topic
    # when the consultant did not ("Hvad vil du gerne have ud af i dag?").
    found.present = found.elements["goal"]
    found.at_start = found.present and found.turns[0] <= CONTRACT_WINDOW
    if not found.present:
        found.turns, found.end_position, found.goal_position = [], -1, -1
    return found


def _timeout_question(question: str) -> bool:
    about_us = bool(ABOUT_US_RE.search(question))
    looks_at_course = DIRECTION_RE.search(question) or GOAL_REF_RE.search(question) or USE_RE.search(question)
    return bool((about_us and looks_at_course) or CHOICE_RE.search(question) or PRIORITY_RE.search(question))


def is_timeout_question(turn: Turn) -> bool:
    """A question about the conversation itself (see ``ABOUT_US_RE`` and the patterns after it).
    A turn that announces the end opens the closing phase (trin 9) and is no timeout."""
    if ANNOUNCE_END_RE.search(turn.low):
        return False
    return any(_timeout_question(q) for q in _questions(turn))


MIN_CONCLUSION_WORDS = 6  # a sentence that states what came out of the conversation, not "Godt."


def _shares_goal_words(sentence: str, goal_answer: str | None) -> bool:
    """A statement to the citizen that takes up at least two content words (lemmas) of their
    answer to the goal question ("At jeg ved, hvad jeg skal sende" → "… hvad du skal sende …")."""
    if not goal_answer or not SECOND_PERSON_RE.search(sentence):
        return False
    return len(content_lemmas(sentence) & content_lemmas(goal_answer)) >= 2


def is_recap(turn: Turn, goal_answer: str | None = None) -> bool:
    """A look back related to the contract (trin 9, s. 19): a sentence names what the citizen came
    for (``CONTRACT_REF_RE`` or the words of their goal answer), and the turn states what came out
    of it – a recap phrase or a further statement – or asks the citizen to."""
    statements = [s for s in turn.sentences if sentence_form(s) is None and not ANNOUNCE_END_RE.search(s.lower())]
    refs = [s for s in turn.sentences if CONTRACT_REF_RE.search(s.lower()) or _shares_goal_words(s, goal_answer)]
    if not refs:
        return False
    conclusions = [s for s in statements if s not in refs and len(words(s)) >= MIN_CONCLUSION_WORDS]
    # A reference that goes on to what came of it ("… du kom for at få en idé, og den idé er blevet
    # til …") is a recap in one sentence when the consultant checks it with the citizen.
    long_ref = any(len(words(s)) >= 3 * MIN_CONCLUSION_WORDS for s in refs)
    checked = _asks(turn, CHECK_ASK_RE)
    return bool(RECAP_RE.search(turn.low) or conclusions or _asks(turn, LOOK_BACK_ASK_RE) or (long_ref and checked))


def asks_citizen_to_relate(turn: Turn) -> bool:
    """The contract named, then an open question that leaves the look back to the citizen ("Du
    sagde i starten, at … Hvor står du nu i forhold til det?"); asking for the next step is not."""
    if not any(CONTRACT_REF_RE.search(s.lower()) and sentence_form(s) is None for s in turn.sentences):
        return False
    opens = [s.lower() for s in turn.sentences if sentence_form(s) == OPEN]
    return any(not AGREEMENT_ASK_RE.search(q) for q in opens)


def _closing_move(turn: Turn) -> bool:
    low = turn.low
    return bool(
        ANNOUNCE_END_RE.search(low)
        or is_recap(turn)
        or _asks(turn, AGREEMENT_ASK_RE)
        or _asks(turn, LOOK_BACK_ASK_RE)
        or any(is_evaluation_question(q) for q in _questions(turn))
        or PROPOSAL_RE.search(low)
    )


def closing_start(consultant: list[Turn], after_position: int) -> int | None:
    """Position of the turn that opens the closing phase (None: no closing phase)."""
    half = len(consultant) / 2
    for turn in consultant:
        if turn.position <= after_position or turn.number <= half or is_timeout_question(turn):
            continue
        if _closing_move(turn):
            return turn.position
    return None


def detect_timeouts(consultant: list[Turn], after_position: int, before_position: int | None) -> list[int]:
    """Consultant turn numbers of the timeouts between the contract and the closing phase."""
    end = before_position if before_position is not None else 10**9
    return [t.number for t in consultant if after_position < t.position < end and is_timeout_question(t)]


@dataclass
class Closure:
    start: int | None = None  # position
    turn: int | None = None  # consultant turn number
    summary: bool = False
    evaluation: bool = False
    summary_turns: list[int] = field(default_factory=list)
    evaluation_turns: list[int] = field(default_factory=list)


def _answered(turns: list[Turn], turn: Turn) -> bool:
    reply = citizen_reply(turns, turn)
    return reply is not None and len(reply.words) > 0


def detect_closure(turns: list[Turn], consultant: list[Turn], contract: Contract) -> Closure:
    """The closing phase and its recap (against the contract) and evaluation."""
    closure = Closure(start=closing_start(consultant, contract.end_position))
    if closure.start is None:
        return closure
    closing = [t for t in consultant if t.position >= closure.start]
    closure.turn = closing[0].number
    goal_turn = next((t for t in consultant if t.position == contract.goal_position), None)
    goal_reply = citizen_reply(turns, goal_turn) if goal_turn is not None else None
    goal_answer = goal_reply.text if goal_reply is not None else None
    for turn in closing:
        recap = is_recap(turn, goal_answer)
        # "Hvad har vi nået i forhold til …?", "Du ville gerne … Hvor står du nu?"
        looks_back = _asks(turn, LOOK_BACK_ASK_RE) or _asks(turn, CONTRACT_REF_RE) or asks_citizen_to_relate(turn)
        if contract.present and (recap or (looks_back and _answered(turns, turn))):
            closure.summary_turns.append(turn.number)
        if any(is_evaluation_question(q) for q in _questions(turn)) and _answered(turns, turn):
            closure.evaluation_turns.append(turn.number)
    closure.summary = bool(closure.summary_turns)
    closure.evaluation = bool(closure.evaluation_turns)
    return closure


@dataclass
class RoleSwitch:
    announced: bool = False
    turns: list[int] = field(default_factory=list)
    covered: frozenset[int] = frozenset()  # positions inside an announced switch


def detect_role_switch(consultant: list[Turn]) -> RoleSwitch:
    """Announced switches to the authority role and the consultant turns they cover."""
    switch = RoleSwitch()
    covered: set[int] = set()
    active_until = -1
    for turn in consultant:
        if ROLE_ON_RE.search(turn.low):
            switch.turns.append(turn.number)
            active_until = turn.number + ROLE_WINDOW
        if turn.number <= active_until:
            covered.add(turn.position)
            if ROLE_OFF_RE.search(turn.low) and turn.number not in switch.turns:
                active_until = -1
    switch.announced = bool(switch.turns)
    switch.covered = frozenset(covered)
    return switch


def citizen_turns_between(turns: list[Turn], start: int, end: int) -> list[Turn]:
    return [t for t in turns[start + 1 : end] if t.speaker == CITIZEN]
