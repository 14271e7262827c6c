"""The scoreboard's badge says "too early" when most of a source's leads are still open."""

from django.utils import translation

from scoreline.web.views.scoreboard import _with_verdict


def test_an_early_verdict_is_badged_too_early_not_too_few() -> None:
    rows = [
        {"source": "Website", "verdict": {"kind": "too_few", "early": True}},
        {"source": "Phone", "verdict": {"kind": "too_few", "early": False}},
        {"source": "AutoTrack", "verdict": {"kind": "process"}},
    ]
    with translation.override("nl"):
        labels = [str(row["verdict_label"]) for row in _with_verdict(rows)]
    assert labels == ["Te vroeg om te oordelen", "Te weinig leads om te oordelen", "Opvolgproces"]
