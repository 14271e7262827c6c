"""The standard fitted to a lead's channels (DESIGN.md), one rule for the guard and the figures."""

from scoreline.analytics.standard import FollowUpStandard, RequiredEffort, effort_for

STANDARD = FollowUpStandard()


def test_a_lead_with_a_phone_is_held_to_the_calls_and_a_written_message():
    assert effort_for(STANDARD, has_phone=True, has_email=True) == RequiredEffort(4, 3, 1, 0)


def test_without_a_phone_number_three_written_messages_on_three_days():
    assert effort_for(STANDARD, has_phone=False, has_email=True) == RequiredEffort(0, 0, 3, 3)


def test_without_an_e_mail_calls_plus_a_message_by_sms():
    assert effort_for(STANDARD, has_phone=True, has_email=False) == RequiredEffort(4, 3, 1, 0)


def test_a_lead_that_cannot_be_reached_owes_nothing():
    assert effort_for(STANDARD, has_phone=False, has_email=False) == RequiredEffort(0, 0, 0, 0)


def test_a_dealers_own_numbers_carry_over():
    own = FollowUpStandard(call_attempts=6, call_days=4, written_without_phone=2)
    assert effort_for(own, has_phone=True, has_email=True) == RequiredEffort(6, 4, 1, 0)
    assert effort_for(own, has_phone=False, has_email=True) == RequiredEffort(0, 0, 2, 2)
