"""Surface cues in Danish consultant talk: question form, rule hits, scaling, closure.

Pure regular-expression code (no spaCy), so the simulator and the feedback can call it
cheaply. The classifier uses ``cue_features`` next to its n-gram features, and
``rule_code`` gives the codes that a few unambiguous phrases settle on their own.
"""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[a-zæøåéü0-9]+(?:'[a-zæøå]+)?", re.IGNORECASE)

HV_WORDS = frozenset(
    {
        "hvad",
        "hvordan",
        "hvilke",
        "hvilken",
        "hvilket",
        "hvorfor",
        "hvornår",
        "hvem",
        "hvor",
        "hvorhen",
        "hvorfra",
        "hvordan'",
        "hvorledes",
        "hvormed",
    }
)
# Words a consultant often puts before the real start of a sentence.
LEAD_WORDS = frozenset({"og", "men", "så", "okay", "ok", "nå", "jamen", "altså", "godt", "fint", "ja", "nej"})
# Finite verbs that open an inverted (yes/no) question: "Har du ...", "Kan I ...".
FINITE_VERBS = frozenset(
    {
        "har",
        "havde",
        "er",
        "var",
        "kan",
        "kunne",
        "vil",
        "ville",
        "skal",
        "skulle",
        "må",
        "måtte",
        "gør",
        "gjorde",
        "tror",
        "troede",
        "synes",
        "syntes",
        "ved",
        "vidste",
        "kender",
        "kendte",
        "tænker",
        "tænkte",
        "føler",
        "følte",
        "mener",
        "plejer",
        "bor",
        "søger",
        "søgte",
        "savner",
        "passer",
        "gik",
        "går",
        "fik",
        "får",
        "taler",
        "talte",
        "mangler",
        "manglede",
        "bruger",
        "kommer",
        "kom",
        "arbejder",
        "arbejdede",
        "ønsker",
        "oplever",
        "regner",
        "forstår",
        "hører",
        "ser",
        "så",
        "tager",
        "tog",
        "kører",
        "kørte",
        "lyder",
        "giver",
        "gav",
        "betyder",
        "blev",
        "bliver",
        "holder",
        "prøver",
        "prøvede",
        "drømmer",
        "sover",
        "trives",
        "klarer",
        "nåede",
    }
)
SUBJECTS = frozenset({"du", "i", "vi", "man", "det", "der", "han", "hun", "de", "din", "dit", "dine", "jeg"})
TAG_RE = re.compile(
    r"(,\s*(ikke|vel|hva'?|ikke også|ikke sandt)\s*[?.!]*\s*$)|(eller hvad\s*[?.!]*\s*$)", re.IGNORECASE
)
INVITE_RE = re.compile(
    r"\b(fortæl|beskriv|uddyb|forklar|sig lidt mere|kan du (sige|fortælle|beskrive|uddybe|forklare)|"
    r"vil du (fortælle|beskrive|uddybe|forklare)|prøv at (fortælle|beskrive))\b",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    text = (text or "").replace("’", "'").replace("´", "'").replace("–", "-").replace("—", "-")
    text = text.replace("“", '"').replace("”", '"').replace("„", '"')
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text or "")]


def _core_words(text: str) -> list[str]:
    ws = words(text)
    while ws and ws[0] in LEAD_WORDS and len(ws) > 2:
        ws = ws[1:]
    return ws


def question_form(text: str) -> str | None:
    """'open', 'closed', 'tag' or None for a statement, from surface form alone."""
    t = normalize(text)
    low = t.lower()
    ws = _core_words(t)
    if not ws:
        return None
    # Only the last sentence decides ("Det lyder hårdt. Hvad tænker du?" is a question).
    last = re.split(r"(?<=[.!?])\s+", low)[-1]
    last_ws = _core_words(last) or ws
    if TAG_RE.search(low):
        return "tag"
    if last_ws[0] in HV_WORDS:
        return "open"
    if INVITE_RE.search(last):
        return "open"
    if last_ws[0] in FINITE_VERBS and len(last_ws) > 1 and last_ws[1] in SUBJECTS:
        return "closed"
    if last.rstrip().endswith("?"):
        # "Du har søgt tre job?" / "Tallet 3?" - statement with question intonation.
        return "closed"
    return None


# --- rules ---------------------------------------------------------------------------------

_NUM = r"(?:10|[1-9]|et|én|en|to|tre|fire|fem|seks|syv|otte|ni|ti)"
SCALE_RE = re.compile(
    r"skala|fra (?:1|et|én) til (?:10|ti)\b|\b(?:1|et|én) til (?:10|ti)\b|sæt(?:te|ter)? (?:et )?tal|"
    r"karakter fra|give det en karakter|\b(?:[1-9]|10)(?:'er|-tal|'eren)\b|"
    r"\b(?:en|et|på) (?:[1-9]|10)\b.{0,40}\b(?:og ikke|ikke (?:en|et|ned på|på))\b|"
    r"\b(?:og ikke|ikke) (?:en |et |på |ned på )?(?:[1-9]|10)\b|"
    r"\bfra (?:[1-9]|10) til (?:[1-9]|10)\b|(?:op|ned) på (?:en |et )?(?:[1-9]|10)\b|"
    r"\b(?:tallet|siger du|sagde du) (?:[1-9]|10)\b|\b(?:[1-9]|10),? siger du|"
    r"\bnår du siger (?:[1-9]|10)\b|\btrin op\b|en enkelt op|sætter tal på",
    re.IGNORECASE,
)
PERMISSION_RE = re.compile(
    r"^(?:(?:og|men|så|okay|nå),? )?(?:må jeg (?!prøve at opsummere|lige samle|samle|opsummere|spørge)|"
    r"er det (?:okay|ok|i orden),? (?:hvis|at) jeg|vil du (?:gerne )?høre|har du lyst til (?:at høre|,? at jeg)|"
    r"skal jeg (?:fortælle|sige|vise|komme med|give)|vil det være i orden|kunne det være interessant|"
    r"er du interesseret i at høre|vil du have,? at jeg)|"
    r"hvis du er interesseret|hvis det er i orden med dig|hvis du vil,? kan jeg|"
    r"(?:gerne|godt) måtte (?:fortælle|sige|høre)|når du nu gerne vil høre|spørge først,? om du|"
    r"har du lyst til at høre|vil du høre|om det er okay,? at jeg|må jeg (?:dele|fortælle|komme med|give|foreslå|nævne)",
    re.IGNORECASE,
)
AUTONOMY_RE = re.compile(
    r"\bdit (?:eget )?valg\b|(?<!ikke )op til dig\b|\bdig,? der (?:bestemmer|afgør|skal vælge|kender|ved|har hånden)|"
    r"\bdu bestemmer\b|\bbestemmer (?:du )?selv\b|\bdin beslutning\b|\bfrit (?:for|til) at\b|"
    r"\bsige nej tak\b|ingen kan tvinge|eksperten i dit|\ber din sag\b|\bdit eget liv\b|\bdu må selv vælge\b|"
    r"\bdu behøver ikke\b|\bnoget,? du selv vil\b",
    re.IGNORECASE,
)
CONFRONT_RE = re.compile(
    r"\b(?:du|i) (?:bliver|er) (?:jo |altså |simpelthen )?nødt til\b|\begen skyld\b|tag(?:e)? dig sammen|"
    r"\bpunktum\b|duer (?:simpelthen )?ikke|\bdet passer ikke\b|høre efter|\bikke op til dig\b|"
    r"ingen undskyldninger|ikke noget valg|du må (?:acceptere|indse|forstå)|det må du (?:indse|forstå)|"
    r"sådan kan du ikke|stop nu|\bdin pligt\b|skrive det i din sag|bliver din ydelse|jeg forventer,? at du|"
    r"du har ikke gjort|der er ikke sket noget|du må (?:altså|være realistisk)|kan ikke bare sidde|"
    r"\bhvorfor har du ikke\b|er ikke en grund til|ikke nok bare at",
    re.IGNORECASE,
)
PERSUADE_RE = re.compile(
    r"\bdu burde\b|\bhvis jeg var dig\b|\btænk nu\b|\bse nu\b|\bkom nu\b|\btro mig\b|\bdu bør\b|"
    r"\bdet ville være (?:dumt|synd|klogt)\b|\bdu må da\b|\bdu kan da\b|\bdet er da oplagt\b|"
    r"\bhvorfor (?:prøver|søger|tager|ringer) du ikke bare\b|\bskulle du ikke tage at\b|"
    r"\bdu skal bare\b|\bingen grund til at\b|\bikke noget at tabe\b|\bgå glip af\b|\bdet klogeste\b|"
    r"\bdet bedste for dig\b|\balle andre\b|\bbare søg\b|\baltid en god\b|\bdu skal ikke tænke så meget\b",
    re.IGNORECASE,
)
SUMMARY_RE = re.compile(
    r"hvis jeg har forstået (?:dig )?(?:ret|rigtigt)|samle (?:lidt )?op|opsummere|samle trådene|sammenfatte|"
    r"sammenfattet|i korte træk|\bkort sagt\b|fanget det hele|gentage det vigtigste|hvis jeg skal samle|"
    r"med mine egne ord|så vidt jeg har forstået|for at samle",
    re.IGNORECASE,
)
CONTRACT_RE = re.compile(
    r"\bhar booket\b|\bbookede tiden\b|valgt emnet|\bvi har (?:\d+|en halv|en|tre kvarter) ?(?:minutter|time|timer|kvarter)\b(?!.{0,15}tilbage)|"
    r"ud af samtalen|samtalen i dag|\bi dag\?\s*$|aftale,? hvordan vi bruger tiden|gribe samtalen an|"
    r"min rolle i dag|før vi går i gang|inden vi går i gang|nå i dag|tale om i dag|samtale gerne føre til|"
    r"når du går herfra",
    re.IGNORECASE,
)
TIMEOUT_RE = re.compile(
    r"stoppe op|på rette vej|skifte spor|på sporet|på afveje|skridt tilbage|samtalen går|"
    r"samtalen indtil|indtil videre|\btilbage\b.{0,25}\b(?:nå|slutter)|kvarter tilbage|halvvejs|hurtigt tjek|"
    r"taler om det rigtige|går det for stærkt|den tid,? der er tilbage|vi aftalte i starten|"
    r"blive ved med at tale om|tage fat på noget andet|vigtigst for dig at tale om lige nu|"
    r"tættere på det,? du kom for|bruger vi tiden",
    re.IGNORECASE,
)
CLOSURE_RE = re.compile(
    r"runde af|inden vi slutter|før du går|min plan|\bdin plan\b|næste gang|næste skridt|tager du med|"
    r"ses igen|synes du om samtalen|oplevet samtalen|har det været at tale|vejs ende|nærmer os slutningen|"
    r"mest nyttigt|står klarere|kan du især bruge|aftaler vi|din aftale er|hvornår vil du have|"
    r"når du kommer hjem|allerede i morgen|godt ved samtalen|aftalen er lykkedes",
    re.IGNORECASE,
)

RULE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("skalaspoergsmaal", SCALE_RE),
    ("opsummering", SUMMARY_RE),
    ("information_med_tilladelse", PERMISSION_RE),
    ("konfrontation", CONFRONT_RE),
    ("overtalelse", PERSUADE_RE),
    ("autonomi", AUTONOMY_RE),
    ("timeout", TIMEOUT_RE),
    ("afslutning", CLOSURE_RE),
    ("kontrakt", CONTRACT_RE),
)


def rule_hits(text: str) -> list[str]:
    t = normalize(text)
    return [code for code, pattern in RULE_PATTERNS if pattern.search(t)]


AFFIRM_RE = re.compile(
    r"\bflot\b|godt gået|imponerende|\bstærkt\b|\bstyrke\b|kræver mod|\bsikke\b|\btak,? fordi\b|noget værd|"
    r"god portion|omsorgsfuld|fin måde|\bklaret\b|holdt (?:fast|ud)|kæmpe erfaring|gåpåmod|\bgod til\b|god idé at ringe",
    re.IGNORECASE,
)
REFLECT_RE = re.compile(
    r"^(?:så )?du (?:føler|tænker|oplever|synes|savner|er (?:bange|bekymret|træt|i tvivl|ikke sikker)|vil (?:gerne|hellere)|"
    r"har fået nok|kunne godt tænke|har det)|det lyder|lyder som|på den ene side|^så (?:der er|det|du)\b|"
    r"hvis jeg hører dig|det (?:har taget|gør dig|irriterer dig|har været hårdt)|det er svært (?:at|for dig)",
    re.IGNORECASE,
)
INFO_RE = re.compile(
    r"^(?:der (?:er|findes|kommer)|man kan|mange |de små|jobnet|reglerne|kommunen|jobcentret|det tager|"
    r"som dagpengemodtager|du (?:skal|får|kan (?:se|få|søge))\b)|\btypisk\b|\bkan tages\b|mit indtryk",
    re.IGNORECASE,
)

# Rules precise enough to settle the code without the classifier (in the coding rules' order).
DECISIVE = ("skalaspoergsmaal", "konfrontation", "overtalelse", "information_med_tilladelse", "autonomi", "opsummering")


def rule_code(text: str) -> str | None:
    hits = rule_hits(text)
    for code in DECISIVE:
        if code in hits:
            return code
    return None


def cue_features(text: str) -> dict[str, float]:
    t = normalize(text)
    low = t.lower()
    ws = _core_words(t)
    form = question_form(t)
    feats: dict[str, float] = {f"form={form or 'statement'}": 1.0}
    if "?" in t:
        feats["has_qmark"] = 1.0
    if ws:
        feats["first=" + ws[0]] = 1.0
        if ws[0] == "du" or (len(ws) > 1 and ws[:2] == ["så", "du"]):
            feats["du_statement"] = 1.0 if form is None else 0.5
        if ws[0] == "det" and len(ws) > 1 and ws[1] in {"lyder", "er", "har", "var", "betyder", "gør", "irriterer"}:
            feats["det_" + ws[1]] = 1.0
    n = len(ws)
    feats["len=" + ("1-2" if n <= 2 else "3-6" if n <= 6 else "7-14" if n <= 14 else "15+")] = 1.0
    if re.search(r"\b(?:[1-9]|10)\b", low):
        feats["has_small_number"] = 1.0
    if re.search(r"\b(?:jeg|mig|min|mit|mine)\b", low):
        feats["first_person"] = 1.0
    if re.search(r"\b(?:vi|os|vores)\b", low):
        feats["we"] = 1.0
    for code in rule_hits(t):
        feats["rule=" + code] = 1.0
    for name, pattern in (("affirm", AFFIRM_RE), ("reflect", REFLECT_RE), ("info", INFO_RE)):
        if pattern.search(t):
            feats["lex=" + name] = 1.0
    return feats


# --- scaling questions ---------------------------------------------------------------------

IMPORTANCE_RE = re.compile(r"vigtig|betyde|betyder|lyst|motiver|hvor meget vil du|ønske", re.IGNORECASE)
CONFIDENCE_RE = re.compile(
    r"\btro(?:r|en)?\b|sikker|klare|kan lykkes|lykkes|tiltro|selvtillid|i stand til|kan nå", re.IGNORECASE
)
ASK_SCALE_RE = re.compile(
    r"skala|fra (?:1|et|én) til (?:10|ti)\b|\b(?:1|et|én) til (?:10|ti)\b|sæt(?:te|ter)? (?:et )?tal|karakter|"
    r"hvor (?:er du|ligger du) (?:så )?i dag|sætter tal på",
    re.IGNORECASE,
)


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\b(10|[1-9])(?:'er|'eren|-tal|\b)", text)]


def scaling_info(text: str) -> dict:
    """What a scaling utterance does.

    kind: 'importance' | 'confidence' | None (not said); move: 'ask' (asks for a number),
    'down' (explores why the number is not lower: "hvad gør, at det er en 4 og ikke en 1?"),
    'up' (asks why it is not higher / what it takes to go up) or None; number: the number
    referred to, if any.
    """
    t = normalize(text)
    low = t.lower()
    kind = None
    if CONFIDENCE_RE.search(low):
        kind = "confidence"
    if IMPORTANCE_RE.search(low) and not (kind and re.search(r"\btro(?:r|en)? på\b|sikker", low)):
        kind = "importance"
    nums = _numbers(low)
    move = None
    m = re.search(r"\b(10|[1-9])(?:'er)?\b[^?]{0,30}?\bog ikke (?:en |et |på |ned på )?(10|[1-9])\b", low)
    m_not = re.search(r"\bhvorfor (?:er det |sagde du )?ikke (?:en |et |på )?(10|[1-9])\b", low)
    if m:
        move = "down" if int(m.group(2)) < int(m.group(1)) else "up"
    elif m_not:
        move = "up"
    elif re.search(r"\bikke (?:ned )?på (?:en |et )?(10|[1-9])\b|ikke (?:er )?(?:en |et )?(?:1|et)-tal", low):
        move = "down"
    elif re.search(r"fra (10|[1-9]) til (10|[1-9])\b", low) and not ASK_SCALE_RE.search(low.replace("til 10", "")):
        a, b = (int(x) for x in re.search(r"fra (10|[1-9]) til (10|[1-9])\b", low).groups())
        move = "up" if b > a else "down"
    elif re.search(r"\b(?:skulle|ville|kræve|kræver)\b.{0,40}\b(?:op|højere|trin|rykke)\b", low) or re.search(
        r"trin op|en enkelt op|højere op", low
    ):
        move = "up"
    elif re.search(
        r"\b(?:gør|får|bringer|trækker|holder)\b.{0,40}\b(?:op på|derop|alligevel|og ikke)\b|alligevel (?:er )?på|"
        r"hvad ligger der bag|gør det så vigtigt|hvad gør,? at det er",
        low,
    ):
        move = "down"
    elif ASK_SCALE_RE.search(low):
        move = "ask"
    number = None
    if move in {"down", "up"} and nums:
        number = nums[0]
    return {"kind": kind, "move": move, "number": number}


# --- closure -------------------------------------------------------------------------------

CLOSURE_SUMMARY_RE = re.compile(
    r"tager du med|står klarere|mere afklaret|kan du (?:især )?bruge|i forhold til det,? vi aftalte|"
    r"kigger tilbage på|vi har talt om i dag|det,? vi har talt om i dag|samle op på (?:i dag|samtalen|dagen)|"
    r"hvad har du fået ud af",
    re.IGNORECASE,
)
CLOSURE_AGREEMENT_RE = re.compile(
    r"aftal|næste skridt|næste gang|inden (?:på )?(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|næste)|"
    r"hvornår vil du|første,? du gør|min plan|din plan|i morgen|frem til|før du går|hvad gør du|hvad vil du gøre",
    re.IGNORECASE,
)
CLOSURE_EVAL_RE = re.compile(
    r"synes du om samtalen|oplevet samtalen|har det været at tale|nyttig|anderledes (?:til )?næste gang|"
    r"godt ved samtalen|kunne have været bedre|hvordan var samtalen|hvordan har samtalen|været en god samtale|"
    r"fået noget ud af samtalen|hvordan var det for dig at",
    re.IGNORECASE,
)


def closure_elements(text: str) -> set[str]:
    """Which of the closure's three elements ('summary', 'agreement', 'evaluation') a line carries."""
    t = normalize(text)
    found = set()
    if CLOSURE_SUMMARY_RE.search(t) or SUMMARY_RE.search(t):
        found.add("summary")
    if CLOSURE_AGREEMENT_RE.search(t):
        found.add("agreement")
    if CLOSURE_EVAL_RE.search(t):
        found.add("evaluation")
    return found
