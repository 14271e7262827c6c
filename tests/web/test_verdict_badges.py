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


LEVERS = [
    {"lever": "speed", "points": 0.041, "actual": 0.38, "standard": 1.0},
    {"lever": "worked_to_standard", "points": 0.016, "actual": 0.72, "standard": 1.0},
    {"lever": "written_follow_up", "points": 0.005, "actual": 0.9, "standard": 1.0},
]


def _report(levers: list[dict]) -> dict:
    """A report with one judged source: the view's own figures are not what is tested."""
    verdict = {"kind": "process", "sentence": "AutoTrack: follow-up.", "levers": levers}
    return {
        "target_conversion": 0.13,
        "totals": {"leads": 200, "conversion": 0.079},
        "by_source": [{"source": "AutoTrack", "leads": 200, "verdict": verdict}],
        "by_month": [],
    }


def test_the_scoreboard_names_the_levers_of_a_verdict(cast, monkeypatch) -> None:  # noqa: ANN001
    from cast import logged_in

    from scoreline.web.views import scoreboard

    monkeypatch.setattr(scoreboard, "dealer_report", lambda *args: _report(LEVERS[::-1]))
    monkeypatch.setattr(scoreboard, "plan_rows", lambda *args: [])
    mila = logged_in(cast.mila)
    page = mila.get("/scoreboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Follow-up points: speed 4.1 (38%) · effort 1.6 (72%) · written message 0.5 (90%)" in (
        page
    )
    with translation.override("nl"):
        rows = _with_verdict(_report(LEVERS)["by_source"])
        assert [str(lever["label"]) for lever in rows[0]["levers"]] == [
            "snelheid", "inspanning", "schriftelijk bericht"
        ]  # fmt: skip
        assert translation.gettext("Follow-up points:") == "Punten opvolging:"
    monkeypatch.setattr(scoreboard, "dealer_report", lambda *args: _report([]))
    assert "Follow-up points" not in mila.get("/scoreboard/").content.decode()
