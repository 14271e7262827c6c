"""Where a user lands after logging in: the page of their most senior role."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import activate

from scoreline.ops.throttle import ThrottledAuthenticationForm
from scoreline.web.access import landing_page


@login_required
def home(request: HttpRequest) -> HttpResponseBase:
    page = landing_page(request.user)  # type: ignore[arg-type]
    if page == "no_role":
        return render(request, "web/no_role.html", status=403)
    return redirect(page)


class LoginView(auth_views.LoginView):
    """Django's login (saying so when the account is locked), then the user's own language."""

    authentication_form = ThrottledAuthenticationForm

    def form_valid(self, form) -> HttpResponse:  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            activate(language)
            response.set_cookie("django_language", language, samesite="Lax")
        return response
