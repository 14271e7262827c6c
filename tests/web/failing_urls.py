"""The product's URLs and one that fails, to show the 500 page as a reader gets it."""

from django.urls import path

from scoreline.config.urls import urlpatterns as product


def fails(request):  # noqa: ANN001, ANN201
    raise RuntimeError("a bug, on purpose")


urlpatterns = [path("fails/", fails), *product]
