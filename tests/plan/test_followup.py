import pytest

from bot.plan.followup import agreement_reference


@pytest.mark.parametrize(
    "text, reference",
    [
        ("aftale 2 er gjort", 2),
        ("marker aftale 1 som gennemført", 1),
        ("nr. 3 blev ikke til noget", 3),
        ("den første aftale er klaret", 1),
        ("tredje aftale ikke gjort", 3),
        ("hun har sendt ansøgningerne", "hun har sendt ansøgningerne"),
        ("cv'et er klar", "cv'et"),
    ],
)
def test_agreement_reference(text, reference):
    assert agreement_reference(text) == reference
