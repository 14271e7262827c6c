"""The imports page: upload an exchange file, follow its progress, read its error report.

The file is stored raw in the intake inbox at once; the worker (`scoreline worker`) imports
its rows, and the page polls the list until every file is done. A leads file, which may be a
CRM's own export, first shows its columns as guessed over its first rows, for the dealer to
correct before it is imported (`intake.uploads`).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from scoreline.intake import processing, spreadsheet, uploads
from scoreline.intake.errors import IntakeError
from scoreline.intake.headers import FIELD_LABELS
from scoreline.intake.models import Payload, PayloadStatus, ResultStatus
from scoreline.leads.models import Channel
from scoreline.web.access import access_dealer, dealers_for_page

RECENT = 20
BUSY = (PayloadStatus.PENDING, PayloadStatus.PROCESSING)


# A dealer's page imports that dealer's rows; dealers.csv (creating and changing dealers) is
# for administrators, through `scoreline import` or the admin.
PAGE_KINDS = [k for k in spreadsheet.KINDS if k != "dealers"]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("File"), choices=[(k, f"{k}.csv / .xlsx") for k in PAGE_KINDS])
    file = forms.FileField(label=_("Exchange file (CSV or XLSX)"))


def column_choices() -> list[tuple[str, object]]:
    return [("", _("— not imported —")), *FIELD_LABELS.items()]


def _imports(dealer_id: int) -> list[dict[str, object]]:
    """Recent uploads with their counts and the refused rows: the error report."""
    payloads = Payload.objects.filter(dealer_id=dealer_id, channel=Channel.SPREADSHEET).order_by(
        "-received_at"
    )[:RECENT]
    rows = []
    for payload in payloads.prefetch_related("results"):
        results = list(payload.results.all())
        refused = [r for r in results if r.status == ResultStatus.REFUSED]
        rows.append(
            {
                "payload": payload,
                "done": len(results) - len(refused),
                "refused": refused,
                "busy": payload.status in BUSY,
                "held": payload.status == PayloadStatus.HELD,
            }
        )
    return rows


@login_required
def imports(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "imports")  # type: ignore[arg-type]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        payload = uploads.hold(dealer, form.cleaned_data["kind"], upload.name, upload.read())
        if payload.status == PayloadStatus.HELD:
            return redirect("imports_preview", dealer.slug, payload.pk)
        return redirect("imports", dealer.slug)
    rows = _imports(dealer.pk)
    context = {
        "dealer": dealer,
        "dealers": dealers_for_page(request.user, "imports"),  # type: ignore[arg-type]
        "form": form,
        "rows": rows,
        "busy": any(row["busy"] for row in rows),
    }
    template = "web/imports.html#list" if request.htmx else "web/imports.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def preview(request: HttpRequest, slug: str, payload_id: int) -> HttpResponse:
    """A held leads file: its columns as guessed over its first rows; POST imports it."""
    dealer = access_dealer(request.user, slug, "imports")  # type: ignore[arg-type]
    payload = get_object_or_404(Payload, pk=payload_id, dealer=dealer, status=PayloadStatus.HELD)
    if request.method == "POST":
        chosen = {
            header: request.POST.get(f"column-{i}", "")
            for i, header in enumerate(request.POST.getlist("header"))
        }
        uploads.confirm(payload, chosen)
        return redirect("imports", dealer.slug)
    try:
        guess = uploads.preview(payload)
    except IntakeError as error:
        processing.fail(payload, error)
        return redirect("imports", dealer.slug)
    context = {
        "dealer": dealer,
        "payload": payload,
        "guess": guess,
        "choices": column_choices(),
        "rows": guess.preview_rows(),
    }
    return render(request, "web/import_preview.html", context)
