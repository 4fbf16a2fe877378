"""The citizen-reference rule: a pseudonymous case key, never a CPR number and never a name."""

from __future__ import annotations

import pytest

from bot.core.citizen_ref import MAX_REF, citizen_key, citizen_ref_problem, looks_like_name


@pytest.mark.parametrize("ref", ["B-12", "4711", "b-12", "K 7", "sag 2024-17", "Ø-7", "x1", "1"])
def test_case_keys_with_a_digit_are_references(ref):
    assert citizen_ref_problem(ref) is None and not looks_like_name(ref)


@pytest.mark.parametrize("ref", ["Jens", "stine", "Anne-Mette Olsen", "KH", "Søren Ø", "B", "malou"])
def test_a_reference_without_a_digit_looks_like_a_name_and_asks_for_a_case_number(ref):
    assert looks_like_name(ref)
    problem = citizen_ref_problem(ref)
    assert problem.startswith(f"»{ref}« ligner et navn") and "sagsnummer" in problem and "»B-12«" in problem


@pytest.mark.parametrize("ref", ["Jens", "stine"])
def test_looking_up_a_citizen_already_in_the_store_skips_the_name_check(ref):
    assert citizen_ref_problem(ref, new=False) is None


@pytest.mark.parametrize("ref", ["010190-1234", "0101901234", "B 010190 1234"])
def test_cpr_numbers_are_refused_even_when_looking_up(ref):
    for new in (True, False):
        assert "CPR-nummer" in citizen_ref_problem(ref, new=new)


@pytest.mark.parametrize("ref", ["B12/34", "<b>1</b>", "B-1;DROP", "1" * (MAX_REF + 1), "-12", "B+12"])
def test_other_characters_and_lengths_are_refused_before_the_name_check(ref):
    assert "kan jeg ikke bruge" in citizen_ref_problem(ref, new=False)


def test_the_length_limit_at_its_edge():
    assert citizen_ref_problem("B" + "1" * (MAX_REF - 1)) is None
    assert citizen_ref_problem("B" + "1" * MAX_REF) is not None


@pytest.mark.parametrize("ref", [None, "", "   "])
def test_no_reference_asks_for_one(ref):
    assert citizen_ref_problem(ref).startswith("Jeg mangler en reference")


def test_unicode_digits_count_and_keys_compare_without_case():
    assert not looks_like_name("B-١٢")
    assert citizen_key("  B-12  Nord ") == citizen_key("b-12 nord")
