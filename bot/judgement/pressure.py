"""Pressure: a consultant turn that tries to move the citizen by will or argument instead of exploring.

The handbook: trying to convince provokes resistance (trin 7, s. 16); with resistance keep
curiosity and neutrality and don't try to convince ("Udfordrende samtaler", s. 18). A turn
counts once if it contains at least one of

1. insisting or ordering ("du bliver nødt til", "du skal søge …", "det er altså et krav"),
2. persuading or arguing against the citizen's stated view ("Jamen det er der, jobbene er",
   "49 er da ikke gammelt", "Alle er trætte, når …"), granting it only to set a "men" against it
   ("Ja, men …", "Det er godt nok, men …"), or dismissing their reason ("… er ikke et argument"),
3. criticising or blaming ("Det er altså ikke godt nok"),
4. warning or threatening with consequences or sanctions, also without sanction words ("du skal
   passe på, at du ikke …").

Not pressure: rules and consequences said inside an announced role switch (trin 8, s. 17) or
in the handbook's neutral form ("det er dit frie valg …", s. 18); the consultant proposing an
agreement; reflections, double-sided reflections and suggestions offered to take or leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.judgement.turns import Turn, previous_citizen

ORDER, PERSUADE, ARGUE, CRITICISE, THREATEN = "order", "persuade", "argue", "criticise", "threaten"
KINDS = (ORDER, PERSUADE, ARGUE, CRITICISE, THREATEN)

ORDER_RE = re.compile(
    r"\b(?:du|i) (?:bliver|er) (?:jo |altså |simpelthen |bare |nu )?nødt til\b|"
    r"\bdet er (?:altså |jo |nu )?et krav\b|\b(?:jeg vil|vil jeg) (?:gerne )?se (?:mindst|flere|nogle|\w+ ansøgninger)\b|"
    r"\bjeg forventer,? at du\b|\bdet må du (?:selv )?(?:finde ud af|klare|løse)\b|\bdet er dit (?:eget )?ansvar\b|"
    r"\bpunktum\b|\bikke noget valg\b|\bikke op til dig\b|\b(?:så|nu) må du (?:bare |selv )?(?:finde|tage|søge|klare|se|sørge)\b|\bdu må (?:bare|altså|acceptere|indse|"
    r"forstå|være realistisk)\b|\btag(?:e)? dig sammen\b|\bnu skal du høre\b|\bhøre efter\b|"
    r"\bingen undskyldninger\b|(?<!hvis )\bdet er (?:jo )?det,? der skal til\b|\b(?:du kan|kan du) ikke bare\b|"
    r"\bdet må du indse\b|\bstop nu\b|\bdet må du kunne\b|\bjeg vil have,? at du\b|\bjeg kræver\b|\bdet forventer jeg\b|"
    # "Du må søge noget andet" orders; "Du må gerne …" allows and "Du må selv vælge" leaves the choice
    r"^(?:(?:og|men|så|nu)\s+)?du må (?!gerne\b|godt\b|have\b|være\b|selv (?:vælge|bestemme)\b|ikke\b)\w+"
)
# "Du skal …" said as an order: at the start of a sentence, not a rule ("Du skal registrere …
# i jobloggen" is information) and not inside a recap ("… hvor du skal begynde").
ORDER_SENTENCE_RE = re.compile(
    r"^(?:(?:og|men|så|nu|altså|jamen)\s+)?du skal (?:altså |bare |jo |nu |simpelthen |også )?(?!ikke\b|have\b|være\b|vide\b|bruge\b|nok\b)"  # a need; "du skal nok …" reassures
    r"[a-zæøå]+\b"
)
# The same order with its object first: "Dem skal du søge", "Det må du altså vænne dig til", "Det må
# du bare se i øjnene" (not "Det må du gerne", "Det må du selv bestemme", "Det skal du ikke …").
INVERTED_ORDER_RE = re.compile(
    r"^(?:(?:og|men|så|nu)\s+)?(?:dem|det|den|de|dét|sådan)\s+(?:skal|må) du (?:altså |bare |jo |nu |også |simpelthen )?"
    r"(?!gerne\b|godt\b|have\b|være\b|ikke\b|selv\b|vide\b)[a-zæøå]+\b"
)
RULE_WORDS_RE = re.compile(r"\bjoblog|\bregistrer|\btilmeldt|\brådighed|\bregler|\bloven\b|\bindkald")
PERSUADE_RE = re.compile(
    r"\bdu burde\b|\bdu bør\b|\bbør du\b|\bhvis jeg var dig\b|\btænk nu\b|\bse nu\b|\bkom nu\b|\btro mig\b|"
    r"\bdet (?:ville|vil) være (?:dumt|synd|klogt|en fejl)\b|\b(?:du|det) (?:må|kan|er|var|bliver) da\b|"
    r"\bda (?:ikke|kun|bare) (?:gammelt|så slemt|noget)\b|\bingen grund til\b|\bikke noget at tabe\b|"
    r"\bgå glip af\b|\bdet klogeste\b|\bdet bedste for dig\b|\balle andre\b|\bbare søg\b|\baltid en god\b|"
    r"\bdu skal ikke tænke så meget\b|\bhvorfor (?:prøver|søger|tager|ringer|gør) du ikke bare\b|"
    r"\bskulle du ikke tage at\b|\bjeg synes (?:helt klart|virkelig),? (?:at )?du\b|\bjeg er sikker på,? at det går\b|"
    r"\bnår du først er i gang\b|\bdu ville få det (?:meget )?bedre\b|\bkommer til at elske\b|\bdu skal bare\b|"
    r"\ber (?:da|jo) oplagt\b|\btænk (?:lige |nu |engang )?over,? om\b|\b\d+ er da\b|\bdet er bare at\b|\bprøv nu\b|\bdet (?:vil|ville) (?:også )?være (?:godt|bedst|sundt) for (?:dig|din|dit|jer)\b"
)
CRITICISE_RE = re.compile(
    r"\bikke godt nok\b|\bdet handler om at ville\b|\begen skyld\b|\bduer (?:simpelthen )?ikke\b|\bdet passer ikke\b|"
    r"\bdu har ikke gjort\b|\bder er ikke sket noget\b|\bsådan kan du ikke\b|\bkan jeg ikke se i din\b|"
    r"\bhvorfor (?:har|kan|gør) du ikke\b|\ber ikke en grund til\b|\bikke nok bare at\b|\bdet nytter ikke\b|"
    r"\bdu har kun\b|\bkun søgt\b|\bdet gør du ikke\b|\bdet er ikke nok\b|\bdet har du sagt før\b|"
    r"\b(?:dårlig|god) undskyldning\b|\bkan du ikke være bekendt\b|\bjeg kan se i din joblog,? at du (?:kun|ikke)\b|\bdet er ikke noget (?:særligt|at bygge på)\b|\bikke noget at bygge på\b|"
    r"\bfor (?:lidt|dårligt)\b|\bdet går ikke,? at\b|\bikke i orden\b|\b(?:bare|kun) en undskyldning\b|\bdu (?:gør|søger|laver) ikke nok\b"
)
THREATEN_RE = re.compile(
    r"\bkonsekvens|\btrukket i (?:din )?ydelse|\bbliver din ydelse\b|\b(?:stoppe|stopper|miste|mister|fratage|"
    r"skære i) (?:dine |din )?(?:dagpenge|ydelse|kontanthjælp|hjælp)\b|\bsanktion|\bskrive det i din sag\b|"
    r"\bmeld(?:e|er)? det til\b|\bpas(?:se)? på,? (?:at|med|så)\b|\bellers (?:går det|bliver|kan|mister)\b|\bhvis du ikke (?:søger|møder|tager|gør),? "
    r"(?:så )?(?:kan|bliver|får|mister)\b"
)
# Counter-argument markers against what the citizen said. The strong ones argue wherever they
# stand; the weak ones (modal "jo", generalisations) only right after the citizen objected.
ARGUE_RE = re.compile(
    r"^(?:jamen|jo,? men|jo,? (?:det|du) (?:kan|er|har))\b|\bjamen\b|\bdet tror jeg (?:nu )?(?:godt|ikke på)\b|"
    r"\bnok bare\b|\b(?:der|det) er bare ikke\b|\bman kan ikke altid\b|\bdet bliver (?:meget )?(?:lettere|nemmere|bedre)\b|"
    r"\bdet er der,? (?:jobbene|arbejdet|stillingerne) er\b|\bingen vegne\b"
)
WEAK_ARGUE_RE = re.compile(
    r"\b(?:alle|mange andre|de fleste) (?:er|har|får|kan|gør)\b|\bmange [a-zæøå]+ (?:får|klarer|kan)\b|"
    r"\bkræver (?:alle|de fleste|en uddannelse)\b|\b(?:kan|har|er|gør) du jo\b|\bdu har jo\b|\bjo sagtens\b|"
    r"\bmange,? der (?:arbejder|gør|klarer|får|kan|har)\b|\bnu godt\b|\bdet kan du (?:sagtens|godt)(?: (?:nå|klare|lære|gøre))?[.!]?$|\bikke noget særligt\b"
)
FREE_CHOICE_RE = re.compile(r"\bdit (?:eget )?(?:frie )?valg\b|\bdig,? der bestemmer\b|\bdu bestemmer\b")
OBJECTION_RE = re.compile(
    r"\bikke\b|\bmen\b|\bfor (?:gammel|mange|meget|langsom|hurtig|hårdt|svært)\b|\baldrig\b|\bnej\b|\?|"
    r"\bfærdig\b|\btræt\b|\bhårdt\b|\bsvært\b|\borker\b|\bbange\b"
)


# Arguing by what it does: right after the citizen has said something, the consultant's first
# sentence dismisses it ("Det tæller ikke …", "Det kan du ikke blive ved med", "Så er det svært at
# tage hensyn til"), contradicts it with a modal particle ("… da ikke …", "… nu godt …", "… jo
# ikke …"), sets something else above it ("Lejligheden må vente", "Man må tage det, der er"), or
# counters it with "men" ("Men du er raskmeldt nu …"). A reflection opens with the citizen's own
# view and is never an argument; litotes that appreciate ("Det er ikke så lidt") are none either.
DISMISS_RE = re.compile(
    r"^(?:(?:men|så|og|nej)[, ]+)?(?:det|der|dét|den|så er det|så ved du)\b(?: \w+){0,3}? "
    r"(?:ikke|ingen|intet|svært at tage hensyn|ligegyldigt|vrøvl|sludder|pjat)\b"
)
LITOTES_RE = re.compile(
    r"\bikke (?:så |helt )?(?:lidt|ingenting|småting|dårligt|skidt|noget at skamme sig over)\b|"
    r"\bdet er ikke (?:din skyld|forkert|mærkeligt|underligt)\b|\bikke (?:det|noget),? (?:jeg|du) (?:tænker|mener)\b"
)
PARTICLE_CONTRA_RE = re.compile(r"\b(?:da|jo|nu) (?:ikke|godt)\b|\b(?:ikke|godt),? (?:da|jo|nu)\b")
OVERRIDE_RE = re.compile(
    r"^(?!(?:jeg|vi|du)\b)(?:\w+ ){0,2}\w+ må (?!gerne\b|godt\b|have\b|være\b|du\b|jeg\b)\w+|"
    r"\bsådan er det (?:bare|nu engang)\b|\bdet vil du (?:selv )?(?:sige|se|opdage)\b"
)
COUNTER_RE = re.compile(r"^men (?:du|det|der|man)\b")
# Dismissing the citizen's reason as no reason, wherever it stands in the turn: "Så pengene er
# faktisk ikke et argument", "Alderen er ikke det store problem".
NO_REASON_RE = re.compile(
    r"\ber (?:faktisk |altså |jo |slet |da )?ikke (?:et argument|en (?:god |rigtig )?grund|noget problem|et problem|"
    r"det store problem|nogen undskyldning|en undskyldning)\b"
)
# "Yes, but": the turn grants the citizen's point in a word or a phrase, then sets a "men" against
# it ("Ja, men …", "Nej, nej. Men …", "Det er godt nok, men …"). A two-sided reflection keeps both
# sides the citizen's ("Du vil gerne …, men du er også …") and does not start this way.
YES_BUT_RE = re.compile(
    r"^(?:(?:ja|jo|nej|nå|okay|jamen)[,.!]?\s*){1,2}men\b|"
    r"^det er (?:godt nok|fint nok|fint|rigtigt nok|muligt|sandt nok)\b[^.?!]{0,40}?,? men\b"
)
PEER_RE = re.compile(r"\b(?:andre|folk|mange) (?:på|i|med) (?:din|jeres) (?:alder|situation)\b")
MIN_SAID_WORDS = 3  # the citizen must have said something to argue against ("Hm." is nothing)
# Warning by what it does: a condition on what the citizen does (or goes on doing), and a bad
# consequence for their benefit or case ("… kan det få betydning for dine dagpenge", "… så kan
# vi få et problem med din rådighed", "… risikerer du …").
CONDITION_RE = re.compile(
    r"\bhvis (?:du|det fortsætter|det bliver ved|det ikke)\b|\bellers\b|\brisikerer du\b|\bnår du ikke\b"
)
CONSEQUENCE_RE = re.compile(
    r"\b(?:betydning|konsekvens\w*|problem\w*|følger) (?:for|med)\b|\b(?:miste|mister|stoppe|stopper|standse|standser|koste|"
    r"fratage|skære|trække|trukket|sanktion\w*|karantæne)\b|\bgå(?:r)? ud over\b"
)
BENEFIT_RE = re.compile(r"\b(?:dagpenge\w*|ydelse\w*|kontanthjælp\w*|rådighed|a-kasse\w*|hjælp\w*|penge|sag)\b")
REFLECTION_START_RE = re.compile(
    r"^(?:(?:så|og)\s+)?(?:du (?:er|har|vil|synes|føler|tænker|siger|oplever)|det lyder|jeg hører)\b"
)


@dataclass(frozen=True)
class PressureHit:
    turn: int  # consultant turn number
    position: int
    kinds: tuple[str, ...]
    text: str
    sentences: tuple[int, ...] = ()  # which of the turn's sentences press


def _ordering(low: str) -> bool:
    sentence_order = ORDER_SENTENCE_RE.search(low) or INVERTED_ORDER_RE.search(low)
    return bool(ORDER_RE.search(low) or (sentence_order and not RULE_WORDS_RE.search(low)))


def _warning(low: str) -> bool:
    conditional = CONDITION_RE.search(low) and CONSEQUENCE_RE.search(low) and BENEFIT_RE.search(low)
    return bool(THREATEN_RE.search(low) or conditional)


def _argues(low: str, first: bool, said: bool, objected: bool) -> bool:
    """Arguing against what the citizen just said (see ``DISMISS_RE`` and the patterns after it)."""
    if low.rstrip().endswith("?"):
        return False
    if ARGUE_RE.search(low) or (objected and (WEAK_ARGUE_RE.search(low) or PEER_RE.search(low))):
        return True
    if not said or LITOTES_RE.search(low) or REFLECTION_START_RE.search(low):
        return False
    if OVERRIDE_RE.search(low) or NO_REASON_RE.search(low):
        return True
    return first and bool(DISMISS_RE.search(low) or PARTICLE_CONTRA_RE.search(low) or COUNTER_RE.search(low))


def sentence_kinds(
    low: str, *, first: bool, said: bool, objected: bool, neutral_rules: bool, in_role_switch: bool
) -> list[str]:
    """The kinds of pressure in one sentence of a consultant turn (lower case)."""
    kinds = []
    if not in_role_switch and _ordering(low):
        kinds.append(ORDER)
    if PERSUADE_RE.search(low):
        kinds.append(PERSUADE)
    if _argues(low, first, said, objected):
        kinds.append(ARGUE)
    if CRITICISE_RE.search(low):
        kinds.append(CRITICISE)
    if _warning(low) and not neutral_rules:
        kinds.append(THREATEN)
    return kinds


def pressing_sentences(turn: Turn, before: Turn | None, in_role_switch: bool) -> dict[int, list[str]]:
    """Index of each sentence of ``turn`` that presses → its kinds of pressure."""
    neutral_rules = in_role_switch or bool(FREE_CHOICE_RE.search(turn.low))
    said = before is not None and len(before.words) >= MIN_SAID_WORDS
    objected = before is not None and bool(OBJECTION_RE.search(before.low))
    found = {}
    if said and YES_BUT_RE.search(turn.low.strip()):
        # the sentence that carries the "men" argues against what the citizen just said
        at = next((i for i, s in enumerate(turn.sentences) if re.search(r"\bmen\b", s.lower())), 0)
        found[at] = [ARGUE]
    for i, sentence in enumerate(turn.sentences):
        kinds = sentence_kinds(sentence.lower(), first=i == 0, said=said, objected=objected,
                               neutral_rules=neutral_rules, in_role_switch=in_role_switch)  # fmt: skip
        if kinds:
            found[i] = [*found.get(i, []), *(k for k in kinds if k not in found.get(i, []))]
    return found


def pressure_kinds(turn: Turn, before: Turn | None, in_role_switch: bool) -> tuple[str, ...]:
    """Which kinds of pressure one consultant turn carries (empty: none)."""
    found = pressing_sentences(turn, before, in_role_switch)
    return tuple(k for k in KINDS if any(k in kinds for kinds in found.values()))


def detect_pressure(
    turns: list[Turn], covered: frozenset[int], skip: frozenset[int] = frozenset()
) -> list[PressureHit]:
    """Every consultant turn with pressure, once per turn. ``covered``: positions inside an
    announced role switch; ``skip``: positions that count in no measure."""
    hits = []
    for turn in turns:
        if not turn.consultant or turn.position in skip:
            continue
        found = pressing_sentences(turn, previous_citizen(turns, turn), turn.position in covered)
        if found:
            kinds = tuple(k for k in KINDS if any(k in ks for ks in found.values()))
            hits.append(PressureHit(turn.number, turn.position, kinds, turn.text, tuple(sorted(found))))
    return hits
