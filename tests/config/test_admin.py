"""Every model registered in the admin opens its list and its add page for an administrator."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from scoreline.dealers.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x"))
    return client


@pytest.mark.parametrize(
    "model",
    sorted(admin.site._registry, key=lambda m: m._meta.label),
    ids=lambda m: m._meta.label,
)
def test_the_admin_opens_every_list_and_add_page(administrator_client: Client, model) -> None:  # type: ignore[no-untyped-def]
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert administrator_client.get(changelist).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(_request_for(administrator_client)):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert administrator_client.get(add).status_code == 200


def _request_for(client: Client):  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = User.objects.get(username="root")
    return request
