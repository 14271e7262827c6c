"""The imports page: upload an exchange file, follow its progress, read its error report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoreline.web.access import access_dealer, dealers_for_page


@login_required
def imports(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "imports")  # type: ignore[arg-type]
    context = {"dealer": dealer, "dealers": dealers_for_page(request.user, "imports")}  # type: ignore[arg-type]
    return render(request, "web/imports.html", context)
