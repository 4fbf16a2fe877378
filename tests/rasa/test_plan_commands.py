import pytest

from bot.rasa.plan_commands import command_intent


@pytest.mark.parametrize(
    "text, intent",
    [
        ("kontrakt: vi taler om cv", "record_contract"),
        ("Kontrakten - emne brancheskift", "record_contract"),
        ("aftale: Stine sender tre ansøgninger inden fredag", "record_agreement"),
        ("ny aftale: ring til 3vikar", "record_agreement"),
        ("aftalt: hun opdaterer cv", "record_agreement"),
        ("note: kun dagtimer", "record_note"),
        ("husk: barn på 8", "record_note"),
        ("A-job: pædagogmedhjælper", "record_job"),
        ("b job lagerarbejder", "record_job"),
        ("C: rengøring", "record_job"),
        ("plan a: museumsformidler", "record_job"),
        ("vigtighed 4 fordi hun savner kollegaer", "record_scaling"),
        ("tro 6 hun har gjort det før", "record_scaling"),
        ("tror på det: 3", "record_scaling"),
        ("selvtillid fem", "record_scaling"),
        ("motivation: 7", "record_scaling"),
    ],
)
def test_documented_prefixes(text, intent):
    assert command_intent(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "hun tror ikke på det",
        "hvordan laver jeg kontrakten?",
        "a-kassen vurderer cv'et",
        "aftaler",
        "hvad aftalte vi sidst",
        "abc plan",
        "tro",
        "han ringer til to vikarbureauer",
        "",
        None,
        "næste trin",
        "er aftalen smart",
    ],
)
def test_everything_else_is_left_to_the_model(text):
    assert command_intent(text) is None


def test_no_training_example_is_pulled_into_another_intent():
    from pathlib import Path

    import yaml

    wrong = []
    for path in sorted((Path(__file__).resolve().parents[2] / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                text = line.strip()[2:]
                found = command_intent(text) if line.strip().startswith("- ") else None
                if found and found != block["intent"]:
                    wrong.append((text, block["intent"], found))
    assert wrong == []


# --- issue 14: a plan intent only for a command-like message ------------------------------------------
from bot.rasa.guide_commands import choice_number, guide_command, is_more  # noqa: E402
from bot.rasa.plan_commands import PLAN_INTENTS, is_command_like  # noqa: E402


@pytest.mark.parametrize(
    "text, intent",
    [
        ("jeg har ikke kigget i hans joblog endnu", "mark_not_done"),
        ("jeg har ikke kigget i hans joblog endnu", "mark_done"),
        ("jeg har ikke kigget i hans joblog endnu", "show_plan"),
        ("jeg har ikke kigget i hans joblog endnu", "record_agreement"),
        ("hun har sendt 40 ansøgninger uden svar", "mark_done"),
        ("han siger ikke så meget", "record_note"),
        ("hun tror ikke på det", "record_scaling"),
        ("han vil kun køre bus", "record_job"),
        ("hvordan laver jeg kontrakten?", "record_contract"),
        ("hun vil gerne i job", "record_agreement"),
    ],
)
def test_a_situation_is_no_plan_command(text, intent):
    assert not is_command_like(intent, text)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("aftale 1 blev ikke til noget, han var syg", "mark_not_done"),
        ("han nåede ikke at ringe", "mark_not_done"),
        ("hun har sendt ansøgningerne som aftalt", "mark_done"),
        ("den første aftale er klaret", "mark_done"),
        ("hvad aftalte vi sidst", "show_plan"),
        ("vis planen for B-12", "show_plan"),
        ("hun ringer til to vikarbureauer i næste uge", "record_agreement"),
        ("vi aftaler at han kontakter virksomhedskonsulenten", "record_agreement"),
        ("vi taler om cv i dag og målet er et nyt cv", "record_contract"),
        ("hun sætter vigtigheden til 9", "record_scaling"),
        ("plan a er museumsformidler", "record_job"),
        ("husk at han er ordblind", "record_note"),
        ("kontrakt: vi taler om cv", "record_contract"),
    ],
)
def test_a_command_like_message_keeps_its_plan_intent(text, intent):
    assert is_command_like(intent, text)


@pytest.mark.parametrize("intent", ["tool_forberedelse", "next_step", "greet", ""])
def test_other_intents_are_never_gated(intent):
    assert is_command_like(intent, "jeg har ikke kigget i hans joblog endnu")


@pytest.mark.parametrize("text", [None, "", "   ", "🙂", "<b>aftale</b>", "a" * 5000])
def test_the_gate_takes_broken_input(text):
    for intent in PLAN_INTENTS:
        assert is_command_like(intent, text) in (True, False)


@pytest.mark.parametrize(
    "text, number",
    [("1", 1), ("2", 2), ("3", 3), ("2)", 2), ("nr. 2", 2), ("nummer 3", 3), ("valg 1", 1), (" 3 ", 3), ("to", 2)],
)
def test_a_choice_is_picked_by_its_number(text, number):
    assert choice_number(text) == number and guide_command(text) == ("choose_option", number)


@pytest.mark.parametrize(
    "text", ["hun sagde 3", "trin 3", "3 ansøgninger", "12", "1.5", "", None, "vigtighed 3", "tro 2", "en"]
)
def test_a_sentence_with_a_number_is_no_choice(text):
    assert choice_number(text) is None


@pytest.mark.parametrize("text", ["mere", "Mere.", "vis mere", "fortæl mere", "resten", "MERE!"])
def test_mere_is_matched_exactly(text):
    assert is_more(text) and guide_command(text) == ("show_more", None)


@pytest.mark.parametrize("text", ["han skal søge mere", "mere bredt", "hun vil have mere tid", None])
def test_a_sentence_with_mere_is_not_the_command(text):
    assert not is_more(text)
