"""Whole conversations, written for these tests in other words than the gold set, judged end to end.

Each expectation was written from the gold set's definitions (tests/data/feedback_gold/README.md)
before running the engine on the conversation.
"""

from __future__ import annotations

import pytest

from bot.judgement.view import judgement_view

SHORT_WITH_TIMEOUT = """
K: Hej Jonas, velkommen. Hvad skal vi bruge tiden på i dag?
B: Jeg vil gerne høre, hvordan jeg kommer videre med at søge lagerjob.
K: Lagerjob. Hvad håber du at få ud af det, når vi slutter om et kvarter?
B: Et par steder, jeg kan ringe til.
K: Fortæl lidt om, hvad du har prøvet indtil nu.
B: Jeg har sendt fem ansøgninger over nettet. Ingen svar.
K: Du har gjort noget, men der kommer ikke noget tilbage.
B: Nej, og det er træls.
K: På en skala fra 1 til 10, hvor meget tror du på, at du finder et lagerjob i år?
B: Måske en fire.
K: Hvad gør, at du er på fire og ikke på to?
B: Jeg har truckcertifikat, og jeg møder altid til tiden.
K: Er vi ved at komme derhen, hvor du gerne ville, eller skal vi tage fat på noget andet?
B: Vi kan godt blive ved.
K: Hvad kender du til vikarbureauer, der har lagerfolk?
B: Ikke meget.
K: Flere af de store lagre her i området ansætter gennem vikarbureauer, og mange bliver fastansat efter et par måneder. Et opkald til bureauet er tit hurtigere end en ansøgning.
B: Okay.
K: Hvordan kunne du bruge det?
B: Jeg kunne ringe til dem.
K: Tiden er ved at være gået. Du kom for at få et par steder at ringe til, og nu har vi fundet vikarbureauerne. Hvad tager du med herfra?
B: At jeg skal ringe i stedet for at skrive.
K: Hvad bliver dit næste skridt?
B: Jeg ringer til to vikarbureauer i morgen formiddag.
K: Hvordan har det været for dig at være her i dag?
B: Fint. Kortere end jeg troede.
"""

PRESSURE_ABOUT_EDUCATION = """
K: Hej Sara. Vi skal tale om uddannelse i dag.
B: Jeg har ikke lyst til at gå i skole igen.
K: Uden en uddannelse kommer du ingen vegne i dag.
B: Det siger alle. Men jeg var ikke god i skolen.
K: Det er da ikke så svært. Du er jo ikke dum.
B: Jeg ved ikke.
K: Du skal altså søge ind på SOSU-skolen inden 1. marts.
B: Hvad hvis jeg ikke kan?
K: Hvis du ikke søger, kan det få konsekvenser for din ydelse.
B: Okay.
K: Det er altså ikke godt nok at sidde derhjemme.
B: Nej.
K: Så siger vi, at du søger ind på SOSU-skolen inden den 1. marts.
B: Ja, hvis jeg skal.
"""

JOINT_WITH_WARNING = """
K: Velkommen, Mads. Jeg er fra jobcentret, og Hanne er fra a-kassen. Hvad vil du gerne have ud af i dag?
B: Jeg vil gerne vide, hvad jeg må søge, og om jeg kan tage et kursus.
A: Så det handler om jobsøgningen og et kursus. Vi har en halv time. Hvordan lyder det?
B: Fint.
K: Fortæl lidt om, hvad du har søgt den seneste måned.
B: Lagerjob mest. Og et par chaufførjob.
A: Hvis du ikke søger bredere, kan a-kassen stoppe dine dagpenge.
B: Det vidste jeg ikke.
K: Skal vi ikke se på, om han kan komme på truckkursus først?
A: Jo, det kunne være en idé.
B: Jeg vil gerne på truckkursus.
K: Hvad ville et truckcertifikat betyde for dig?
B: At jeg kan søge mange flere lagerjob.
K: Vi er ved at være ved tiden. Du ville gerne vide, hvad du må søge, og om du kan tage et kursus. Vi er kommet frem til, at truckkurset giver flere muligheder. Hvad bliver dit næste skridt?
B: Jeg tilmelder mig truckkurset på jobcentrets side inden fredag.
A: Godt. Så ses vi om tre uger.
"""

ROLE_SWITCH_HAT = """
K: Goddag Peter. Du har booket en samtale om jobsøgning. Hvad skal der til, for at du går herfra og synes, det var det værd?
B: At jeg ved, hvad jeg skal gøre med de afslag, jeg får.
K: Vi har tyve minutter, og der er også lidt om reglerne, som jeg skal nå at sige. Hvordan lyder det?
B: Det er i orden.
K: Hvordan har afslagene været for dig?
B: Hårde. Jeg tager dem personligt.
K: Du tager det personligt, når du får et nej.
B: Ja.
K: Nu tager jeg lige myndighedshatten på et øjeblik. Hvad ved du om reglerne for rådighed?
B: At jeg skal søge job.
K: Reglen er, at du skal søge job løbende og skrive det i jobloggen. Hvis du vælger ikke at gøre det, kan det få konsekvenser for dine dagpenge, og det vil jeg gerne have, at du kender.
B: Okay.
K: Hvad tænker du om det?
B: Det er fair nok.
K: Så tager jeg hatten af igen. Hvad har du lært af de afslag, du har fået?
B: At mine ansøgninger er for lange.
K: Er vi på rette vej i forhold til det, du gerne ville have ud af i dag?
B: Ja, helt klart.
K: Vi nærmer os slutningen. Du ville gerne vide, hvad du skal gøre med afslagene. Vi har talt om, at ansøgningerne kan blive kortere. Hvad er dit næste skridt?
B: Jeg skriver min ansøgning om, så den fylder en halv side, og sender den til dig inden torsdag.
K: Hvad synes du om vores snak i dag?
B: God. Jeg fik noget at gå videre med.
"""

PUSHED_AGREEMENT = """
K: Hej Nina. Hvad vil du gerne have med dig herfra i dag?
B: En plan for min jobsøgning.
K: Fortæl om, hvordan du søger nu.
B: Jeg søger lidt hist og her.
K: Du søger, men uden en rigtig plan.
B: Ja.
K: Er vi på rette vej i forhold til det, du gerne ville have ud af i dag?
B: Ja.
K: Vi er ved at være ved tiden. Du ville gerne have en plan, og vi har talt om at søge mere målrettet. Hvad vil du gøre inden næste gang?
B: Jeg vil søge et par job.
K: Hvor mange?
B: To, måske.
K: Så siger vi fem ansøgninger inden fredag. Det må du kunne nå.
B: Det når jeg aldrig, men okay.
K: Hvad synes du om samtalen?
B: Den var okay.
"""

SCALE_NOT_EXPLORED = """
K: Hej Lise. Hvad vil du gerne have med dig herfra i dag?
B: Hjælp til mit CV.
K: Fortæl om dit CV.
B: Det er gammelt.
K: Hvis 1 er slet ikke vigtigt og 10 er meget vigtigt, hvor vigtigt er det så for dig at få et nyt job?
B: Syv.
K: Okay. Hvad står der i dit CV lige nu?
B: Mine gamle job i Netto.
K: Skal vi bruge resten af tiden på CV'et, eller vil du hellere tale om jobsøgningen?
B: CV'et.
K: Hvad er dit næste skridt?
B: Jeg opdaterer mit CV med de to sidste job og lægger det på Jobnet inden mandag.
K: Godt. Vi ses.
"""

CONTROL_MODE = """
K: Goddag. Jeg har kigget i din joblog. Du har kun søgt tre job på to måneder.
B: Jeg har haft det skidt.
K: Har du været hos lægen?
B: Nej.
K: Har du søgt noget i denne uge?
B: Nej.
K: Det er ikke nok. Hvis du ikke søger mere, bliver du trukket i ydelsen.
B: Okay.
K: Kan du ikke bare søge nogle flere?
B: Jo, det kan jeg vel.
K: Så søger du nogle flere til næste gang.
B: Ja ja.
"""

INFORMATION_IN_TWO_TURNS = """
K: Hej Ali. Du har booket en samtale om løntilskud. Hvad vil du gerne have ud af samtalen?
B: Jeg vil vide, om det er noget for mig.
K: Hvad ved du om løntilskud i forvejen?
B: Ikke så meget.
K: Med løntilskud får arbejdsgiveren et tilskud til din løn i en periode, og du får almindelig løn og erfaring. Mange bruger det som en vej ind på en arbejdsplads.
B: Hm.
K: Det kan også være i en kommune eller en region, hvis det er der, du gerne vil arbejde.
B: Okay.
K: Hvordan ser du det for dig?
B: Det kunne jeg godt tænke mig.
"""

# Written for issue 12's second round (functional detectors): wordings neither gold set's dev half
# nor the earlier conversations above use. Expectations written from the definitions first.
GOOD_IN_OTHER_WORDS = """
K: Hej Lise, velkommen. Du har booket en samtale om løntilskud. Hvad tænker du, vi skal tale om?
B: Om løntilskud overhovedet er noget for mig. Jeg har hørt så meget forskelligt.
K: Du har hørt forskellige ting og vil gerne have styr på det. Hvad håber du, vi når frem til i dag?
B: At jeg ved, om jeg skal gå efter det eller ej.
K: Vi har tyve minutter. Først hører jeg, hvad du ved, så fortæller jeg lidt, og til sidst aftaler vi noget. Er det okay?
B: Ja, det er fint.
K: Hvad ved du allerede om løntilskud?
B: At man får løn, men at det er kommunen, der betaler noget af den.
K: Virksomheden får et tilskud til lønnen i en periode, og du får almindelig løn efter overenskomst. Mange bruger det til at komme ind et nyt sted og vise, hvad de kan.
B: Så det er et rigtigt job.
K: Hvad tænker du om det?
B: Det lyder bedre, end jeg troede. Jeg kunne godt tænke mig genbrugsstationen.
K: Genbrugsstationen. Hvad er det ved den, der tiltaler dig?
B: At være udenfor og hjælpe folk. Og at sortere ting, det har jeg altid kunnet lide.
K: Hvor er vi henne i forhold til det, du gerne ville have svar på i dag?
B: Vi er tæt på. Jeg mangler bare at vide, hvordan jeg kommer i gang.
K: Lad os runde af. Dit ønske i dag var at finde ud af, om løntilskud er noget for dig. Det er blevet til, at du vil gå efter genbrugsstationen, fordi du kan lide at være udenfor og hjælpe folk. Passer det?
B: Ja, det passer.
K: Hvad bliver det første, du gør?
B: Det første, jeg gør, er at ringe til lederen på genbrugsstationen på mandag.
K: Hvordan har du oplevet vores snak i dag?
B: God. Nu ved jeg, hvad jeg skal.
"""

POOR_WITHOUT_THE_USUAL_MARKERS = """
K: Goddag Ole. I dag skal vi tale om din jobsøgning.
B: Jeg søger det, jeg kan. Men jeg vil helst blive i byggebranchen.
K: Det holder ikke i længden. Byggeriet har ikke brug for flere lige nu.
B: Jeg har været tømrer i tyve år. Det er det, jeg kan.
K: Du må se i øjnene, at det er slut.
B: Det synes jeg ikke.
K: Jo, det er det. Der er masser af job i kantiner og rengøring, og kommunen søger pedeller til skolerne.
B: Pedel, måske.
K: Hvis du bliver ved med kun at søge tømrerjob, kan det gå ud over dine dagpenge.
B: Okay.
K: Og to ansøgninger om måneden er simpelthen for lidt.
B: Jeg gør, hvad jeg kan.
K: Så siger vi, at du søger tre pedelstillinger inden fredag.
B: Ja ja.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SHORT_WITH_TIMEOUT, {"overall": "green", "contract.present": True, "timeouts.count": 1,
                              "scaling.confidence.asked": True, "scaling.confidence.explored_down": True,
                              "scaling.confidence.explored_up": False, "scaling.importance.asked": False,
                              "ugu.status": "kept", "ugu.information_blocks": 1, "closure.summary": True,
                              "closure.evaluation": True, "agreements.count": 1, "agreements.smart_count": 1,
                              "pressure.count": 0}),
        (PRESSURE_ABOUT_EDUCATION, {"overall": "red", "contract.present": False, "pressure.count": 5,
                                    "role_switch.announced": False, "agreements.count": 1,
                                    "agreements.smart_count": 0, "timeouts.count": 0}),
        (JOINT_WITH_WARNING, {"overall": "yellow", "contract.present": True, "pressure.count": 1,
                              "role_switch.announced": False, "timeouts.count": 0, "closure.summary": True,
                              "closure.evaluation": False, "agreements.count": 1, "agreements.smart_count": 1,
                              "open_question_share.open": 5, "open_question_share.closed": 0}),
        (ROLE_SWITCH_HAT, {"overall": "green", "role_switch.announced": True, "pressure.count": 0,
                           "ugu.status": "kept", "ugu.information_blocks": 1, "timeouts.count": 1,
                           "agreements.smart_count": 1, "closure.evaluation": True}),
        (PUSHED_AGREEMENT, {"overall": "yellow", "pressure.count": 1, "agreements.count": 1,
                            "agreements.smart_count": 0, "closure.summary": True, "timeouts.count": 1}),
        (SCALE_NOT_EXPLORED, {"overall": "yellow", "scaling.importance.asked": True,
                              "scaling.importance.explored_down": False, "scaling.importance.explored_up": False,
                              "timeouts.count": 1, "closure.summary": False, "closure.evaluation": False,
                              "agreements.count": 1, "agreements.smart_count": 1}),
        (CONTROL_MODE, {"overall": "red", "pressure.count": 3, "contract.present": False,
                        "open_question_share.open": 0, "open_question_share.closed": 3,
                        "agreements.count": 1, "agreements.smart_count": 0}),
        (INFORMATION_IN_TWO_TURNS, {"contract.present": True, "ugu.status": "kept", "ugu.information_blocks": 1,
                                    "ugu.kept_blocks": 1}),
        (GOOD_IN_OTHER_WORDS, {"overall": "green", "contract.present": True, "closure.summary": True,
                               "closure.agreement": True, "closure.evaluation": True,
                               "scaling.importance.asked": False, "scaling.confidence.asked": False,
                               "timeouts.count": 1, "pressure.count": 0, "ugu.status": "kept",
                               "ugu.information_blocks": 1, "ugu.kept_blocks": 1, "role_switch.announced": False,
                               "agreements.count": 1, "agreements.smart_count": 1,
                               "open_question_share.open": 8, "open_question_share.closed": 2}),
        (POOR_WITHOUT_THE_USUAL_MARKERS, {"overall": "red", "contract.present": False, "closure.summary": False,
                                          "closure.agreement": True, "closure.evaluation": False,
                                          "timeouts.count": 0, "pressure.count": 5, "ugu.status": "broken",
                                          "ugu.information_blocks": 1, "ugu.kept_blocks": 0,
                                          "agreements.count": 1, "agreements.smart_count": 0,
                                          "open_question_share.open": 0, "open_question_share.closed": 0}),
    ],
    ids=["short-timeout", "pressure-education", "joint-warning", "role-switch", "pushed-agreement",
         "scale-not-explored", "control-mode", "information-two-turns", "good-other-words", "poor-no-markers"],
)  # fmt: skip
def test_conversation_is_judged_by_the_definitions(judged, text, expected):
    view = judgement_view(judged(text))
    assert {key: view.get(key) for key in expected} == expected


def test_the_pushed_agreement_is_the_consultants_and_neither_accepted_nor_realistic(judged):
    items = judged(PUSHED_AGREEMENT)["metrics"]["agreements"]["items"]
    assert [item["by"] for item in items] == ["consultant"]
    assert items[0]["smart"]["accepted"] is False and items[0]["smart"]["realistic"] is False


def test_a_colleague_turn_counts_in_no_measure(judged):
    turns = judged(JOINT_WITH_WARNING)["turns"]
    colleague = next(t for t in turns if "han kan komme" in t.get("text", "") or t["labels"] == ["til kollegaen"])
    assert colleague["labels"] == ["til kollegaen"]
