"""Marketing builds next year's plan from targets and budget; the sales manager sees the
month's likely end and is warned once when the target slips away (in the product and by
e-mail, with marketing)."""

import csv
import io
import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cast import Cast
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from openpyxl import load_workbook
from synthetic.history import SyntheticDealer, write_exchange

from planning.history import build_cast_with_history
from scoreline.followup.models import Notification, NotificationKind
from scoreline.followup.notifications import unread
from scoreline.planning import actions
from scoreline.planning.models import PaceCheck, PaceWarning, Plan
from scoreline.worker.loop import run_once

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class PlanAndPace(TestCase):
    """One cast for every test here: fourteen months of history are slow to write."""

    cast: Cast

    @classmethod
    def setUpTestData(cls) -> None:
        cls.cast = build_cast_with_history()

    def test_marketing_builds_a_plan_from_a_yearly_target_and_saves_versions(self) -> None:
        text = run("plan", "build", "--dealer", "noord", "--year", "2025", "--target", "60")
        assert "plan 2025 version 1" in text and "Seasons: Dutch registrations" in text
        first = Plan.objects.get(dealer=self.cast.noord, year=2025, version=1)
        # the Dutch profile gives January the largest share: 6 of 60 sales
        assert first.months.get(month=1).target == 6
        assert sum(m.target for m in first.months.all()) == 60
        assert first.lines.count() == 12 * 4
        assert first.sources.get(source=self.cast.website).cost_per_lead == 25
        run("plan", "build", "--dealer", "noord", "--year", "2025", "--target", "60",
            "--budget", "1000", "--set", "walk-in.monthly_cap=5")  # fmt: skip
        second = Plan.objects.latest_for(self.cast.noord, 2025)
        assert second is not None and second.version == 2
        assert second.marginal_cost_per_sale is not None
        shown = json.loads(
            run("plan", "show", "--dealer", "noord", "--year", "2025", "--version", "1",
                "--format", "json")
        )  # fmt: skip
        assert shown["target"] == 60 and shown["budget_cap"] is None

    def test_a_plan_exports_to_a_workbook_and_csv(self) -> None:
        run("plan", "build", "--dealer", "noord", "--year", "2025", "--monthly",
            "5,4,5,4,5,6,4,4,5,5,5,4")  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.xlsx"
            run("plan", "export", "--dealer", "noord", "--year", "2025",
                "--output", str(path))  # fmt: skip
            grid = list(load_workbook(path)["Plan"].iter_rows(values_only=True))
        assert next(row for row in grid if row[0] == "Target")[1:13] == (
            5,
            4,
            5,
            4,
            5,
            6,
            4,
            4,
            5,
            5,
            5,
            4,
        )
        text = run("plan", "export", "--dealer", "noord", "--year", "2025", "--format", "csv")
        totals = [row for row in csv.DictReader(io.StringIO(text)) if row["source"] == "(total)"]
        assert [float(row["target"]) for row in totals][:3] == [5, 4, 5]

    def test_a_belgian_dealers_plan_names_its_seasons_even_months_without_market_figures(
        self,
    ) -> None:
        from scoreline.planning.models import TargetOrigin

        self.cast.noord.country = "BE"  # fourteen months: short of two whole years
        self.cast.noord.save(update_fields=["country"])
        text = run("plan", "build", "--dealer", "noord", "--year", "2025", "--target", "120")
        assert "Seasons: even months" in text
        saved = Plan.objects.latest_for(self.cast.noord, 2025)
        assert saved is not None and saved.target_origin == TargetOrigin.FLAT
        assert [m.target for m in saved.months.all()] == [10] * 12

    def test_plan_against_actual_takes_this_months_plan_pro_rata_by_business_days(self) -> None:
        from datetime import date

        from scoreline.followup.calendars import calendar_for
        from scoreline.planning.tracking import business_days

        run("plan", "build", "--dealer", "noord", "--year", "2025", "--monthly",
            "5,5,5,5,5,5,5,5,5,5,5,5")  # fmt: skip
        saved = Plan.objects.latest_for(self.cast.noord, 2025)
        assert saved is not None
        march = float(sum(line.leads for line in saved.lines.filter(month=3)))
        now = datetime(2025, 3, 5, 12, tzinfo=AMSTERDAM)  # four business days into March
        planned = actions.planned_leads(self.cast.noord, date(2025, 1, 1), date(2025, 12, 31), now)
        calendar = calendar_for(self.cast.noord)
        total, gone = business_days(
            date(2025, 3, 1), now.date(), lambda d: bool(calendar.hours_on(d))
        )
        assert 0 < gone < total
        assert planned["2025-03"] == pytest.approx(march * gone / total)
        assert planned["2025-01"] == float(sum(line.leads for line in saved.lines.filter(month=1)))
        assert "2025-04" not in planned  # nothing has arrived in April to compare

    def test_a_dealer_without_history_is_told_what_is_missing(self) -> None:
        with pytest.raises(CommandError, match="'Garage Lille' has no leads received between"):
            run("plan", "build", "--dealer", "lille", "--year", "2025", "--target", "60")

    def test_a_target_beyond_every_cap_is_refused_with_the_months_it_cannot_reach(self) -> None:
        with pytest.raises(
            CommandError, match="cannot reach the target: Jan needs 103, at most 18.7"
        ):
            run("plan", "build", "--dealer", "noord", "--year", "2025", "--target", "1000")

    def test_the_sales_manager_and_marketing_are_warned_once_when_the_target_slips(self) -> None:
        run("plan", "build", "--dealer", "noord", "--year", "2025", "--monthly",
            "30,30,30,30,30,30,30,30,30,30,30,30", "--set", "walk-in.monthly_cap=200",
            "--set", "website.monthly_cap=400")  # fmt: skip
        text = run("pace", "--dealer", "Autohuis Noord", "--as-of", "2025-02-10T18:00")
        assert "February 2025" in text and "target 30" in text
        check = PaceCheck.objects.get(dealer=self.cast.noord)
        assert check.p_target is not None and check.p_target < 0.5 and check.warned
        warned = {w.user for w in PaceWarning.objects.filter(pace_check=check)}
        assert warned == {self.cast.marco, self.cast.mila}
        assert "reaching 30 sales in February 2025 is unlikely" in PaceWarning.objects.first().text
        bell = {note.user: note for note in Notification.objects.filter(kind=NotificationKind.PACE)}
        assert set(bell) == {self.cast.marco, self.cast.mila}
        assert bell[self.cast.marco].lead is None
        # Marco reads the product in the default language, Dutch.
        assert "30 verkopen halen in februari 2025" in bell[self.cast.marco].text
        assert not unread(self.cast.lea).exists()
        assert run_once("planning-test").emails == 2
        assert sorted(m.to[0] for m in mail.outbox) == [
            "marco@example.com",
            "mila@example.com",
        ]
        run("pace", "--dealer", "Autohuis Noord", "--as-of", "2025-02-11T18:00")
        assert PaceCheck.objects.count() == 2
        assert PaceWarning.objects.count() == 2  # still below: no second warning
        assert Notification.objects.filter(kind=NotificationKind.PACE).count() == 2
        assert run_once("planning-test").emails == 0 and len(mail.outbox) == 2

    def test_the_worker_checks_the_month_each_morning_once_noord_opens(self) -> None:
        run("plan", "build", "--dealer", "noord", "--year", "2025", "--monthly",
            "30,30,30,30,30,30,30,30,30,30,30,30", "--set", "walk-in.monthly_cap=200",
            "--set", "website.monthly_cap=400")  # fmt: skip
        monday_8 = datetime(2025, 2, 10, 8, 0, tzinfo=AMSTERDAM)
        with time_machine.travel(monday_8, tick=False) as clock:
            run_once("worker-a")
            assert not PaceCheck.objects.exists()  # Noord opens at 09:00

            clock.move_to(monday_8 + timedelta(minutes=75))
            run_once("worker-a")
            run_once("worker-b")
            check = PaceCheck.objects.get(dealer=self.cast.noord)
            assert check.as_of == monday_8 + timedelta(minutes=75) and check.warned
            assert sorted(m.to[0] for m in mail.outbox) == [
                "marco@example.com",
                "mila@example.com",
            ]

            clock.move_to(monday_8 + timedelta(days=1, minutes=75))
            run_once("worker-b")
        assert PaceCheck.objects.filter(dealer=self.cast.noord).count() == 2
        assert PaceWarning.objects.count() == 2  # still below the next day: no second warning
        assert len(mail.outbox) == 2
        assert not PaceCheck.objects.filter(dealer=self.cast.lille).exists()  # no plan

    def test_pace_sets_leads_against_their_plan_line_under_the_sources_display_name(
        self,
    ) -> None:
        # marketing types the source in its own spelling; the database shows "Website"
        run("plan", "build", "--dealer", "noord", "--year", "2025", "--monthly",
            "30,30,30,30,30,30,30,30,30,30,30,30", "--set", "walk-in.monthly_cap=5",
            "--set", "WEBSITE.monthly_cap=400")  # fmt: skip
        today = actions.dealer_pace(self.cast.noord, datetime(2025, 2, 10, 18, tzinfo=AMSTERDAM))
        rows = {row.source: row for row in today.track.sources}
        assert sorted(rows) == ["Marktplaats", "Website", "importer", "walk-in"]
        website = rows["Website"]
        assert website.leads > 0 and website.planned_month > 0
        assert website.spend == pytest.approx(website.leads * 25, rel=1e-3)  # leads kept to 0.1
        assert today.track.spend >= website.spend > 0
        text = run("pace", "--dealer", "Autohuis Noord", "--as-of", "2025-02-10T18:00",
                   "--no-record")  # fmt: skip
        assert text.count("Website") == 1 and "website" not in text
        assert f"spend €{today.track.spend:,.0f} against" in text

    def test_a_plan_with_a_source_the_optimiser_dropped_shows_its_assumption(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sources.csv"
            path.write_text(
                "source,conversion,cost_per_lead,monthly_cap\n"
                "website,0.10,25,400\nMarktplaats,0.05,100,100\n"
            )
            run("plan", "build", "--dealer", "noord", "--year", "2025", "--monthly",
                "5,4,5,4,5,6,4,4,5,5,5,4", "--assumptions", str(path))  # fmt: skip
        saved = Plan.objects.latest_for(self.cast.noord, 2025)
        assert saved is not None
        assert not saved.lines.filter(source__name="Marktplaats", leads__gt=0).exists()
        text = run("plan", "show", "--dealer", "noord", "--year", "2025")
        *_grid, summary = [line for line in text.splitlines() if line.startswith("Marktplaats ")]
        # 5 % at €100 a lead: €2,000 a sale, had the plan bought any
        assert summary.split()[1:4] == ["5.0%", "100.00", "2000"]
        shown = json.loads(
            run("plan", "show", "--dealer", "noord", "--year", "2025", "--format", "json")
        )
        assert shown["target"] == 56

    def test_the_forecast_on_the_database_has_an_honest_backtest(self) -> None:
        report = json.loads(run("pace", "--backtest", "--format", "json"))
        assert [row["day"] for row in report["forecast_days"]] == [5, 10, 15, 20]
        day_five = report["forecast_days"][0]
        # January 2024 starts the history: July 2024 – January 2025 are whole after the warm-up
        assert day_five["months"] == 7 and report["dealer_months"] == 7
        assert 0 <= day_five["coverage_80"] <= 1 and day_five["mae"] >= 0


def test_the_backtest_runs_on_an_exchange_folder_without_the_database(tmp_path: Path) -> None:
    write_exchange(SyntheticDealer(months=9, seed=3, leads_per_day=3), tmp_path)
    report = json.loads(run("pace", str(tmp_path), "--backtest", "--format", "json"))
    # 2023-01 .. 2023-09: July and August are whole months after the warm-up
    assert [row["months"] for row in report["forecast_days"]] == [2, 2, 2, 2]
    assert {"mae", "coverage_80", "bias"} <= set(report["forecast_days"][0])


def test_bad_forecast_days_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="each day must be between 1 and 28"):
        run("pace", str(tmp_path), "--backtest", "--days", "5,31")
