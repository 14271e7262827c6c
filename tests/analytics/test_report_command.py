"""`scoreline report`: on an exchange folder and on the database, the same figures."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from synthetic.leads import Story, generate, write_folder

from scoreline.analytics.report import CUTS, TOP_LEADS

from .small_folder import AS_OF, LEAD_COLUMNS, LEADS, small_folder, write_csv

FIGURE_KEYS = (
    "leads",
    "repeat_inquiries",
    "won",
    "conversion",
    "conversion_low",
    "conversion_high",
    "cost",
    "cost_per_lead",
    "cost_per_sale",
    "responded",
    "response_rate",
    "response_median_min",
    "response_p90_min",
    "within_standard",
    "call_attempts_per_lead",
    "contacted",
    "contact_rate",
    "untouched",
    "stale",
    "appointments",
    "test_drives",
    "quotes",
    "closed_lost",
    "closed_lost_without_standard",
    "came_back_after_lost",
)


def _report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, "--as-of", AS_OF.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path):
    folder = small_folder(tmp_path)
    hours = "Mo-Fr 09:00-18:00; Sa 09:00-17:00"
    write_csv(
        folder / "dealers.csv",
        ["dealer", "timezone", "country", "opening_hours"],
        [["Utrecht", "Europe/Amsterdam", "NL", hours]],
    )
    return folder


def test_json_has_the_keys_of_the_exchange_format(folder):
    report = json.loads(_report(str(folder), "--format", "json"))
    assert report["target_conversion"] == 0.13
    assert set(report["period"]) == {"from", "to"}
    for cut in CUTS:
        assert report[cut], cut
    for row in [report["totals"], *report["by_source"], *report["by_month"]]:
        assert set(FIGURE_KEYS) <= set(row)
    verdict = report["by_source"][0]["verdict"]
    assert {
        "kind",
        "conversion_if_worked_to_standard",
        "process_gap",
        "quality_gap",
        "sentence",
    } <= set(verdict)


def test_the_table_is_readable_in_a_terminal(folder):
    text = _report(str(folder))
    assert "By source" in text and "By salesperson" in text
    assert "website" in text
    assert "Untouched leads: 1" in text


def test_the_report_lists_the_most_valuable_dust_and_all_of_it_when_asked(tmp_path):
    # A year of generated leads (2024) judged later: every open lead gathered dust.
    story = Story(n_leads=3_000, months=12, seed=3)
    folder = str(write_folder(generate(story), tmp_path / "generated"))

    top = json.loads(_report(folder, "--format", "json"))
    every = json.loads(_report(folder, "--format", "json", "--lists", "all"))

    stale = top["dust"]["stale"]["leads"]
    assert stale > TOP_LEADS
    assert len(top["stale_leads"]) == top["dust"]["stale"]["listed"] == TOP_LEADS
    assert len(every["stale_leads"]) == every["dust"]["stale"]["listed"] == stale
    assert top["stale_leads"] == every["stale_leads"][:TOP_LEADS]
    values = [lead["value"] for lead in every["stale_leads"]]
    assert values == sorted(values, reverse=True)


def test_the_html_page_carries_its_charts_and_loads_nothing(folder):
    page = _report(str(folder), "--format", "html", "--lang", "fr")
    assert page.count("<svg") == 4
    assert (
        "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    )
    assert "<script" not in page


def test_a_bad_folder_is_a_command_error_naming_the_place(folder):
    (folder / "leads.csv").write_text(
        "lead_id,dealer,source,received_at\nL1,Utrecht,web,yesterday\n"
    )
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"leads\.csv, row 2, column 'received_at'"):
        _report(str(folder))


def _salespeople_of_utrecht() -> None:
    from scoreline.dealers.models import Dealer, Membership, Role, User

    utrecht = Dealer.objects.create(name="Utrecht", slug="utrecht")
    for name in ("Fleur", "Sam"):
        user = User.objects.create(username=name.lower(), first_name=name)
        Membership.objects.create(user=user, dealer=utrecht, role=Role.SALESPERSON)


@pytest.mark.django_db
def test_the_database_gives_the_same_figures_as_the_folder(folder):
    _salespeople_of_utrecht()
    call_command("import", str(folder), "--create-sources", "--format", "json", stdout=StringIO())
    from_folder = json.loads(_report(str(folder), "--format", "json"))
    from_database = json.loads(_report("--format", "json"))
    for cut in ("totals",):
        for key in FIGURE_KEYS:
            assert from_database[cut][key] == pytest.approx(from_folder[cut][key]), key
    cuts = (
        ("by_source", "source"),
        ("by_month", "month"),
        ("by_salesperson", "salesperson"),
        ("by_dealer", "dealer"),
    )
    for cut, key in cuts:
        # The folder names sources as it met them, lower-cased; the database by Source.name.
        same = str.casefold if key == "source" else str
        mine = {same(row[key]): row for row in from_folder[cut]}
        theirs = {same(row[key]): row for row in from_database[cut]}
        assert set(mine) == set(theirs), cut
        for name, row in mine.items():
            for figure in FIGURE_KEYS:
                assert theirs[name][figure] == pytest.approx(row[figure]), (cut, name, figure)


@pytest.mark.django_db
def test_a_lost_lead_whose_person_asks_again_came_back_on_both_paths(folder):
    """L3 (Sam, lost 17 March) asks again a week later: a repeat inquiry after the loss (the
    folder's later row reopens L3; the database keeps it lost). L8 (Sam, lost 10 October)
    asks again on 10 December, a new lead 61 days after the loss. L2's person (Fleur) asks
    again on 1 April, after `as_of`: not yet."""
    again = [
        ["L9", "Utrecht", "website", "", "2025-03-24T10:00:00+01:00", "l3@example.nl", "", "Sam", "open", "", ""],  # noqa: E501
        ["L10", "Utrecht", "website", "", "2024-12-10T10:00:00+01:00", "late@example.nl", "", "Sam", "open", "", ""],  # noqa: E501
        ["L11", "Utrecht", "website", "", "2025-04-01T10:00:00+02:00", "l2@example.nl", "", "Fleur", "open", "", ""],  # noqa: E501
    ]  # fmt: skip
    write_csv(folder / "leads.csv", LEAD_COLUMNS, LEADS + again)
    _salespeople_of_utrecht()
    call_command("import", str(folder), "--create-sources", "--format", "json", stdout=StringIO())
    for report in (
        json.loads(_report(str(folder), "--format", "json")),
        json.loads(_report("--format", "json")),
    ):  # noqa: E501
        sam = next(row for row in report["by_salesperson"] if row["salesperson"] == "Sam")
        assert sam["came_back_after_lost"] == 2
        assert sam["came_back_after_lost_share"] == 1.0
        fleur = next(row for row in report["by_salesperson"] if row["salesperson"] == "Fleur")
        assert fleur["came_back_after_lost"] == 0
