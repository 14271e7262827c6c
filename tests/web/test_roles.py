"""One home for the role rules: what a page offers, the action accepts, for a superuser too."""

from cast import Cast, logged_in, make_lead, person
from django.contrib.auth import get_user_model

from scoreline.dealers.models import Role
from scoreline.dealers.roles import is_manager, people_to_tell
from scoreline.leads.models import Lead, LeadStatus


def test_a_superuser_is_offered_the_override_and_the_close_accepts_it(cast: Cast) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", "x" * 20)
    lead = make_lead(cast, to=cast.sanne)
    assert is_manager(root, cast.noord)
    page = logged_in(root).get(f"/leads/{lead.pk}/").content.decode()
    assert f'id="override-{lead.pk}"' in page
    closed = logged_in(root).post(
        f"/leads/{lead.pk}/close/",
        {"reason": cast.no_interest.pk, "override_reason": "Bought elsewhere, said so in person"},
    )
    assert closed.status_code in (200, 302)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.LOST


def test_a_salesperson_is_no_manager_and_marketing_is_told_of_the_pace(cast: Cast) -> None:
    assert not is_manager(cast.sanne, cast.noord)
    assert people_to_tell(cast.noord, (Role.SALES_MANAGER, Role.MARKETING)) == [
        cast.marco,
        cast.mila,
    ]


def test_a_site_without_the_role_tells_its_directors(cast: Cast) -> None:
    zoe = person("zoe", "Zoë", cast.zuid, Role.DIRECTOR)
    assert people_to_tell(cast.zuid, (Role.SALES_MANAGER,)) == [zoe]
