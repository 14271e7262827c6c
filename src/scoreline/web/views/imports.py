"""The imports page: upload an exchange file, follow its progress, read its error report.

The file is stored raw in the intake inbox at once; the worker (`scoreline worker`) imports
its rows, and the page polls the list until every file is done.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from scoreline.intake import processing, spreadsheet
from scoreline.intake.models import Format, Payload, PayloadStatus, ResultStatus
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
            }
        )
    return rows


@login_required
def imports(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "imports")  # type: ignore[arg-type]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = spreadsheet.Options(dealer=dealer.name, create_sources=True)
        processing.receive(
            upload.read(),
            channel=Channel.SPREADSHEET,
            format=Format.EXCHANGE,
            dealer=dealer,
            external_id=upload.name,
            whole_duplicates=False,
            meta={
                "file": upload.name,
                "kind": form.cleaned_data["kind"],
                "options": options.as_meta(),
            },
        )
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
