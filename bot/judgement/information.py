"""Information and advice given the UGU way: explore – give information – explore (trin 5, s. 14).

An *information block* is a consultant turn (or consecutive consultant turns with only minimal
replies such as "Hm" or "Okay" between them) that gives information or advice: jobs, employers,
the labour market, rules and duties, schemes, education, recommendations – answers to the
citizen's factual questions included. Not information: reflections and recaps (statements made
mostly of the citizen's own words), norms said to the citizen ("man kan ikke få det hele …"), the contract,
procedural remarks (Min Plan, the next appointment), the consultant's own tasks, restating an
agreement, announcing a role switch, and pressure (counted as pressure).

A block is *kept* when it is explored
* before: since the previous block (or the start), a consultant turn outside the contract asked
  an open question or reflected, and
* after: the block's last turn, or the consultant's next turn, asks an open question about what
  the citizen makes of it ("Hvad tænker du om det?", "Hvordan kunne du bruge det?").

Asking permission is not in the handbook: it neither breaks nor repairs a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.judgement.pressure import BENEFIT_RE, RULE_WORDS_RE
from bot.judgement.questions import OPEN, sentence_form
from bot.judgement.turns import CITIZEN, Turn, content_lemmas, is_present_verb, lemma_pairs, words

MIN_INFO_WORDS = 10  # informative sentences in a turn must carry at least this many words
MIN_NEW_WORDS = 3  # content words the citizen has not said that make a statement news to them
MINIMAL_REPLY_WORDS = 3  # "Hm.", "Okay.", "Nå, ja." between two consultant turns keep one block

INFO_RE = re.compile(
    r"^(?:og |men |faktisk )?(?:der (?:er|findes|mangler|kommer|bliver|tæller)|mange |de fleste |nogle (?!gange)|"
    r"en del |flere |man |alle |ofte |tit |typisk |det er (?:en|et) [a-zæøå-]+(?:vurdering|ordning|uddannelse|"
    r"kursus|tilbud|forløb)|det er [a-zæøå-]+(?:skolen|centret|kassen|kommunen),? der)|"
    r"\b(?:arbejdsgivere|virksomheder(?:ne)?|firmaer(?:ne)?|ledere|institutioner|museer(?:ne)?|arkiver|gymnasier|"
    r"busselskaber(?:ne)?|supermarkeder(?:ne)?|erhvervsskolen|a-kassen|jobcentret|kommunen|stillinger(?:ne)?|"
    r"job(?:bene)?|uddannelsen|praktikken) (?:har|mangler|søger|tager|ansætter|læser|ser|finder|kræver|giver|er)\b|"
    r"\bvi har (?:en|et|nogle) [a-zæøå-]*(?:ordning|tilbud|kursus|kurser|forløb|mulighed|samarbejde)\w*\b|"
    r"\bdu kan (?:også )?(?:se på|søge|henvende|bruge|få(?! [^,.]{0,30}?\btil at\b)|tage|ringe|kontakte)\b|\bkan (?:du|man) (?:også )?(?:få|søge|tage|bruge|henvende)\b|\bvi kan (?:lave|tilbyde|hjælpe|"
    r"sende|give)\b|\bkan jobcentret\b|\bdet kan (?:betale sig|være en vej)\b|\bhar du ret til\b|"
    r"\bdu har ret til\b|\bnår du får (?:dagpenge|kontanthjælp)\b|\bskal du stå til rådighed\b|\bdet betyder,? at\b|"
    r"\btypisk\b|\bsom regel\b|\bjeg har skrevet dig op\b|\bdet starter\b|\bdin a-kasse\b|"
    r"\bdet er (?:der|oplagt|svært at komme)\b|\bfaste stillinger\b|\bregl(?:en|erne) er\b|\bdu har pligt til\b|"
    r"\bmin erfaring er\b|\bplan [abc] er\b|^(?:en|et) [a-zæøå-]{4,} (?:er|kan|giver|betyder) (?!jeg\b)"
)
PROCEDURAL_RE = re.compile(
    r"\bmin plan\b|\bjeg skriver\b|\bjeg sender\b|\bses vi\b|\bvi ses\b|\bnæste samtale\b|\btak,? fordi\b|"
    r"\bjeg beder\b|\bvi tager det\b|\bheld og lykke\b"
)
FIRST_PERSON_START_RE = re.compile(r"^(?:(?:og|men|så)\s+)?(?:jeg|mig|min|mit)\b")
REACTION_RE = re.compile(
    r"\bhvad (?:tænker|synes|siger|mener) du\b|\bhvordan (?:kunne|kan|vil|ville) du (?:bruge|komme)\b|"
    r"\bhvordan ser du (?:det|på det|dig selv)\b|\bhvordan passer det\b|\bhvad ville du synes\b|"
    r"\bhvordan lyder det\b|\bhvordan har du det med\b|\bhvad kan du bruge\b|\bhvordan hænger det sammen\b|"
    r"\bhvad (?:giver|betyder) det for dig\b|\bhvad springer\b|\bhvordan kunne det\b|\bhvad af det\b|"
    r"\bgiver (?:mest )?mening for dig\b|\bhvilke[nt]? af (?:dem|de|planerne|mulighederne)\b|"
    # how the citizen might use it, asked in the conditional: "Hvad kunne du sige til …?", "Hvordan ville det passe …?"
    r"^(?:(?:og|så|men)\s+)?(?:hvad|hvordan|hvem|hvor) (?:kunne|ville) (?:du|det)\b"
)


REFLECT_OPENER_RE = re.compile(
    r"^(?:(?:så|og|men)\s+)?(?:du (?!skal\b|må\b|bliver\b|burde\b|bør\b|kan (?:også |godt )?(?:se|søge|henvende|bruge|"
    r"få|tage|ringe|kontakte)\b)|det lyder\b|det er (?:svært|hårdt|ikke så lidt)\b|"
    r"det er [a-zæøå' -]+, der [a-zæøå]+ (?:dig|for dig)\b|det betyder (?:noget|meget) for dig\b|i var\b|"
    r"så (?:det|der)\b|jeg hører\b|på den ene side\b|[a-zæøå' -]{3,40} fylder (?:for dig|meget|noget)\b)"
)
ECHO_STOPWORDS = frozenset(
    "ikke også bare noget nogen meget lidt rigtig faktisk altså godt være blive bliver havde have skal skulle "
    "kunne ville gerne hvad hvordan hvor når fordi sådan igen sammen andre anden andet dengang selv".split()
)
MIN_ECHO_WORDS = 2  # content words repeated from the citizen's last turn that make a statement a reflection


def _content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 4 and w not in ECHO_STOPWORDS}


def reflects(turn: Turn, previous_citizen: Turn | None) -> bool:
    """A statement that mirrors the citizen: a reflection opener ("Du …", "Det lyder …") or at least
    two of the citizen's own content words from the turn before ("At snakke med folk og hjælpe …")."""
    heard = _content_words(previous_citizen.text) if previous_citizen is not None else set()
    for sentence in turn.sentences:
        if sentence_form(sentence) is not None or _informative(sentence):
            continue
        low = sentence.lower()
        if REFLECT_OPENER_RE.search(low) or len(_content_words(low) & heard) >= MIN_ECHO_WORDS:
            return True
    return False


GENERIC_RE = re.compile(
    r"\bman\b|^(?:(?:og|men) )?(?:det|den|dét) er (?:en|et) [a-zæøå-]+(?:,? (?:hvor|som|der)\b| (?:for|til|med|i)\b)"
)
NON_GENERIC_SUBJECTS = frozenset(
    "jeg du vi i de han hun den det der dér her så og men nej ja jo godt okay dig mig os din dit dine min mit mine".split()
)
SPEAKERS = frozenset({"jeg", "du", "vi", "i"})
# A norm said to the citizen ("Man kan ikke få det hele på én gang", "Nogle gange må man tænke
# længere", "Man skal bare ville det") is moralising (counted as pressure when it argues), not
# information; a rule says what applies ("Man skal have været medlem i et år") without the
# modal particles and names the rule, the benefit or the scheme.
NORM_RE = re.compile(
    r"\bman (?:må|skal|bør|kan) (?:jo |altså |bare |ikke |nu |altid )|\bnogle gange (?:må|skal) man\b|"
    r"\b(?:må|skal|bør) man (?:bare|jo|altså|nu)\b"
)
FINITE_FORMS = frozenset({"har", "er", "kan", "skal", "vil", "får", "må", "bliver", "gør", "ser", "tager", "giver"})


def generic_statement(sentence: str) -> bool:
    """Said of things in general, the way information is: "man …", a definition ("Det er en
    ansættelse, hvor …"), or a third party as subject ("Arbejdsgiveren får …", "Museerne ansætter …")."""
    low = sentence.lower()
    if GENERIC_RE.search(low):
        return True
    pairs = lemma_pairs(low)
    if len(pairs) < 3 or pairs[0][0] in NON_GENERIC_SUBJECTS:
        return False
    verb, lemma = pairs[1]
    if pairs[2][0] in SPEAKERS:
        return False  # "Nu argumenterer jeg …", "Så ser du …": about the speakers, not the world
    return verb in FINITE_FORMS or is_present_verb(verb, lemma)


def tells_something_new(sentence: str, heard: set[str]) -> bool:
    """A statement that brings content the citizen has not brought: at least ``MIN_NEW_WORDS``
    content words (lemmas) the citizen has not said, and most of its content words new. A
    reflection or a recap is made of the citizen's words; information is made of the consultant's."""
    if FIRST_PERSON_START_RE.search(sentence.lower()):
        return False  # the consultant's own doing or view ("Jeg har skrevet …", "Jeg tænker …")
    content = content_lemmas(sentence)
    new = content - heard
    return len(new) >= MIN_NEW_WORDS and len(new) * 3 >= len(content) * 2


def _mostly_heard(sentence: str, heard: set[str]) -> bool:
    """At least half of the sentence's content words (lemmas) are the citizen's own."""
    content = content_lemmas(sentence)
    return bool(content) and len(content & heard) * 2 >= len(content)


def _informative(sentence: str, heard: set[str] | None = None) -> bool:
    low = sentence.lower()
    if sentence_form(sentence) is not None or PROCEDURAL_RE.search(low) or REFLECT_OPENER_RE.search(low):
        return False
    if NORM_RE.search(low) and not (RULE_WORDS_RE.search(low) or BENEFIT_RE.search(low)):
        return False
    if INFO_RE.search(low):
        # a statement made of what the citizen has already said is a reflection or a summary
        # ("Der er en svoger med et kontor, der mangler folk."), not information
        return heard is None or not _mostly_heard(sentence, heard)
    return heard is not None and generic_statement(sentence) and tells_something_new(sentence, heard)


def informs(turn: Turn, heard: set[str] | None = None, skip: frozenset[int] = frozenset()) -> bool:
    """Whether a consultant turn gives information or advice (see the module's rules).

    ``heard``: the content lemmas the citizen has said so far; with it, a statement that tells
    something new counts as information even without the usual cues ("Det er en ansættelse, hvor
    arbejdsgiveren får et tilskud …"). ``skip``: indices of sentences that press (counted as
    pressure); the rest of such a turn is judged on its own.
    """
    informative = [s for i, s in enumerate(turn.sentences) if i not in skip and _informative(s, heard)]
    return sum(len(words(s)) for s in informative) >= MIN_INFO_WORDS


def asks_reaction(turn: Turn) -> bool:
    return any(sentence_form(s) == OPEN and REACTION_RE.search(s.lower()) for s in turn.sentences)


def explores(turn: Turn, reflective: bool) -> bool:
    """An open question or a reflection: the consultant explores before giving information."""
    return reflective or any(sentence_form(s) == OPEN for s in turn.sentences)


@dataclass
class Block:
    turns: list[int]  # consultant turn numbers
    positions: list[int]
    explored_before: bool
    explored_after: bool = False
    text: str = ""

    @property
    def kept(self) -> bool:
        return self.explored_before and self.explored_after

    def to_dict(self) -> dict:
        return {
            "turn": self.turns[0],
            "turns": self.turns,
            "text": self.text,
            "explored_before": self.explored_before,
            "explored_after": self.explored_after,
            "kept": self.kept,
        }


@dataclass
class UguResult:
    blocks: list[Block] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.blocks:
            return "none"
        return "kept" if all(b.kept for b in self.blocks) else "broken"


def _statement(turn: Turn) -> bool:
    """Only statements, long enough to carry information (a continuation of a block)."""
    return all(sentence_form(s) is None for s in turn.sentences) and len(turn.words) >= MIN_INFO_WORDS


def _minimal_between(turns: list[Turn], a: Turn, b: Turn) -> bool:
    between = [t for t in turns[a.position + 1 : b.position] if t.speaker == CITIZEN]
    return all(len(t.words) <= MINIMAL_REPLY_WORDS for t in between)


def heard_before(turns: list[Turn]) -> dict[int, set[str]]:
    """Position of each turn → the content lemmas the citizen has said before it."""
    heard: set[str] = set()
    out: dict[int, set[str]] = {}
    for turn in turns:
        out[turn.position] = set(heard)
        if turn.speaker == CITIZEN:
            heard |= content_lemmas(turn.text)
    return out


def detect_ugu(
    turns: list[Turn],
    candidates: list[Turn],
    exploring: set[int],
    excluded: set[int],
    pressed: dict[int, frozenset[int]] | None = None,
) -> UguResult:
    """Information blocks and whether each was explored before and after.

    ``candidates``: the consultant turns in order (colleague turns left out); ``exploring``:
    positions of turns that explore (open question or reflection); ``excluded``: positions that
    cannot be information (contract, closing recap, role-switch announcement, …); ``pressed``:
    per position, the sentences that press – a turn can press and inform at once, and then its
    other sentences are judged as information on their own.
    """
    pressed = pressed or {}
    heard = heard_before(turns)
    result = UguResult()
    since_block = False
    previous: Turn | None = None
    for turn in candidates:
        is_info = turn.position not in excluded and informs(
            turn, heard[turn.position], pressed.get(turn.position, frozenset())
        )
        block = result.blocks[-1] if result.blocks else None
        continues = block is not None and previous is not None and previous.position == block.positions[-1]
        if continues and not is_info and turn.position not in excluded | exploring:
            is_info = _statement(turn) and _minimal_between(turns, previous, turn)  # "Det kan også være …"
        if is_info and continues:
            if _minimal_between(turns, previous, turn) and not block.explored_after:
                block.turns.append(turn.number)
                block.positions.append(turn.position)
                block.text += " " + turn.text
                block.explored_after = asks_reaction(turn)
                previous = turn
                continue
        if block and not block.explored_after and previous is not None and previous.position == block.positions[-1]:
            block.explored_after = asks_reaction(turn)
        if is_info:
            result.blocks.append(Block([turn.number], [turn.position], since_block, asks_reaction(turn), turn.text))
            since_block = False
        elif turn.position in exploring:
            since_block = True
        previous = turn
    return result
