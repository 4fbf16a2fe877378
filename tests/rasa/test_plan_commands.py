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
