"""`scoreline demo` in the database: the cast, leads whose fields the follow-up engine agrees
with, and a command that leaves a loaded database alone when asked."""

from collections import Counter
from datetime import UTC, datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min
from django.test import TestCase, override_settings

from scoreline.dealers.models import Dealer, Membership, OpeningException, Role, User
from scoreline.demo.story import DEALERS, LOGINS, SOURCES
from scoreline.followup.calendars import calendar_for
from scoreline.followup.clocks import breached_condition
from scoreline.followup.models import Activity, ActivityKind, CallScript, FollowUpStandard
from scoreline.followup.standard import Effort, count_progress, evaluate
from scoreline.leads.models import (
    Campaign,
    EventKind,
    Inquiry,
    Lead,
    LeadEvent,
    LeadStatus,
    LostReason,
    MonthlyCost,
    Order,
    Person,
    Source,
)

UNTIL = "2026-11-27"
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 16:00 in Utrecht


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class TheLoadedDemo(TestCase):
    """Van Dijk at 3 % of its size: about 1,500 leads, loaded once for every test here.

    At this size today's untouched leads are a few online leads left lying (phone and walk-in
    leads are answered at arrival), so whether there are any is up to the draw: seed 10 leaves
    three.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = StringIO()
        call_command("demo", until=UNTIL, scale=0.03, seed=10, verbosity=0, stdout=cls.output)

    def setUp(self) -> None:
        self.calendars = {dealer.pk: calendar_for(dealer) for dealer in Dealer.objects.all()}

    def test_it_creates_three_dealers_with_hours_exceptions_and_a_standard(self) -> None:
        dealers = Dealer.objects.order_by("pk")
        self.assertEqual([d.name for d in dealers], [d.name for d in DEALERS])
        self.assertEqual(dealers.get(country="BE").time_zone, "Europe/Brussels")
        self.assertEqual(FollowUpStandard.objects.count(), 3)
        christmas_eve = OpeningException.objects.filter(date__month=12, date__day=24)
        self.assertEqual(christmas_eve.values("dealer").distinct().count(), 3)

    def test_every_login_can_sign_in_with_the_demo_password_and_has_its_roles(self) -> None:
        self.assertEqual(User.objects.count(), len(LOGINS))
        self.assertTrue(User.objects.get(username="bas").check_password("demo"))
        roles = Counter(Membership.objects.values_list("role", flat=True))
        self.assertEqual(roles[Role.SALES_MANAGER], 3)
        self.assertEqual(roles[Role.DIRECTOR], 3)  # one membership per dealer
        self.assertGreaterEqual(roles[Role.SALESPERSON], 7)
        self.assertTrue(User.objects.get(username="admin").is_superuser)

    def test_it_prints_the_logins(self) -> None:
        printed = self.output.getvalue()
        self.assertIn("Loaded the demo", printed)
        for login in LOGINS:
            self.assertIn(f"  {login.username} ", printed)

    def test_every_source_brings_leads_to_the_dealers_it_serves(self) -> None:
        self.assertGreaterEqual(Lead.objects.count(), round(33_400 * 0.03 * 1.5))
        counts = Counter(Lead.objects.values_list("dealer__country", "source__slug"))
        for source in SOURCES:
            for country in ("NL", "BE"):
                served = source.share[country] > 0
                self.assertEqual(counts[country, source.slug] > 0, served, (country, source.slug))

    def test_paid_sources_have_a_cost_every_month_and_free_ones_none(self) -> None:
        months = MonthlyCost.objects.dates("month", "month")
        self.assertEqual(len(months), 19)  # 27 May 2025 to 27 November 2026
        per_month = MonthlyCost.objects.values("month").annotate(n=Count("pk"))
        self.assertEqual({row["n"] for row in per_month}, {8})  # the website group-wide + 7 portals
        self.assertFalse(
            MonthlyCost.objects.filter(source__slug__in=["importer", "phone", "walk-in"])
        )
        self.assertTrue(MonthlyCost.objects.filter(source__slug="website", dealer__isnull=True))

    def test_campaigns_lost_reasons_and_scripts_are_in_place(self) -> None:
        self.assertTrue(Campaign.objects.filter(name__startswith="Private lease zomer"))
        self.assertTrue(Lead.objects.filter(campaign__isnull=False))
        self.assertFalse(LostReason.objects.get(code="duplicate").needs_follow_up_standard)
        portal = CallScript.objects.filter(name="Eerste contact portal-lead")
        self.assertEqual(sorted(set(portal.values_list("version", flat=True))), [1, 2])
        used = Activity.objects.filter(script__name="Eerste contact portal-lead")
        self.assertEqual(sorted(set(used.values_list("script__version", flat=True))), [1, 2])

    def test_lead_fields_agree_with_the_follow_up_engine(self) -> None:
        by_lead: dict[int, list[Activity]] = {}
        for activity in Activity.objects.order_by("at", "pk"):
            by_lead.setdefault(activity.lead_id, []).append(activity)
        leads = Lead.objects.select_related("dealer", "lost_reason")
        for lead in leads:
            activities = by_lead.get(lead.pk, [])
            progress = count_progress(activities, self.calendars[lead.dealer_id])
            self.assertEqual(lead.first_response_at, progress.first_response_at, lead.pk)
            self.assertEqual(lead.contacted_at, progress.contacted_at, lead.pk)
            latest = max((a.at for a in activities if a.kind != ActivityKind.NOTE), default=None)
            self.assertEqual(lead.last_activity_at, latest, lead.pk)

    def test_closed_without_standard_is_what_the_engine_would_have_said(self) -> None:
        lost = Lead.objects.filter(status=LeadStatus.LOST).select_related(
            "dealer__standard", "lost_reason"
        )
        activities: dict[int, list[Activity]] = {}
        for activity in Activity.objects.filter(lead__status=LeadStatus.LOST):
            activities.setdefault(activity.lead_id, []).append(activity)
        for lead in lost:
            status = evaluate(
                lead,
                activities.get(lead.pk, []),
                lead.dealer.standard,
                calendar_for(lead.dealer),
                lead.closed_at,
            )
            self.assertEqual(
                lead.closed_without_standard, status.effort == Effort.NOT_DONE, lead.pk
            )
        without = lost.filter(closed_without_standard=True)
        self.assertTrue(without.exists())
        overrides = LeadEvent.objects.filter(kind=EventKind.OVERRIDE)
        self.assertEqual(
            set(overrides.values_list("lead", flat=True)), set(without.values_list("pk", flat=True))
        )

    def test_every_lead_waiting_for_a_response_has_its_clock_running(self) -> None:
        from scoreline.followup.models import Job, JobKind

        waiting = Lead.objects.filter(status=LeadStatus.OPEN, first_response_at__isnull=True)
        self.assertTrue(waiting.exists())
        for lead in waiting:
            kinds = set(Job.objects.filter(lead=lead).values_list("kind", flat=True))
            self.assertEqual(kinds, {JobKind.REMINDER, JobKind.BREACH, JobKind.ESCALATION})
        answered = Lead.objects.filter(first_response_at__isnull=False)
        self.assertFalse(Job.objects.filter(lead__in=answered, kind=JobKind.BREACH).exists())

    def test_every_status_change_is_on_record(self) -> None:
        closed = Lead.objects.exclude(status=LeadStatus.OPEN)
        changes = LeadEvent.objects.filter(kind=EventKind.STATUS, from_status=LeadStatus.OPEN)
        self.assertEqual(changes.count(), closed.count())
        mismatched = closed.exclude(events__kind=EventKind.STATUS, events__to_status=F("status"))
        self.assertFalse(mismatched.exists())

    def test_won_leads_have_their_order_from_the_dealer_system(self) -> None:
        won = Lead.objects.filter(status=LeadStatus.WON)
        self.assertTrue(won.exists())
        self.assertFalse(won.filter(orders__isnull=True))
        self.assertTrue(Order.objects.filter(lead__isnull=True))  # buyers who never were a lead
        order = Order.objects.filter(lead__isnull=False).select_related("lead__person").first()
        assert order is not None
        self.assertEqual(order.phone, order.lead.person.phone)

    def test_repeat_inquiries_hang_on_their_lead(self) -> None:
        repeats = Inquiry.objects.filter(is_repeat=True)
        self.assertTrue(repeats.exists())
        self.assertEqual(Inquiry.objects.filter(is_repeat=False).count(), Lead.objects.count())

    def test_today_the_board_has_open_untouched_and_dusty_leads(self) -> None:
        self.assertTrue(Lead.objects.open().exists())
        self.assertTrue(Lead.objects.untouched().exists())
        self.assertTrue(
            Lead.objects.filter(breached_condition(NOW), status=LeadStatus.OPEN).exists()
        )
        span = Lead.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
        self.assertLessEqual(span["last"], NOW)
        self.assertEqual(span["first"].date().isoformat()[:7], "2025-05")

    def test_persons_were_created_when_their_first_lead_arrived(self) -> None:
        first_lead = Person.objects.annotate(first=Min("leads__received_at"))
        self.assertFalse(first_lead.exclude(created_at=F("first")).exists())

    def test_if_empty_leaves_a_loaded_database_alone(self) -> None:
        before = (Lead.objects.count(), Activity.objects.count(), Source.objects.count())
        output = StringIO()
        call_command("demo", if_empty=True, until=UNTIL, scale=0.03, verbosity=0, stdout=output)
        self.assertEqual(
            (Lead.objects.count(), Activity.objects.count(), Source.objects.count()), before
        )
        self.assertIn("demo not loaded", output.getvalue())
        self.assertIn("  sanne ", output.getvalue())

    def test_without_if_empty_it_refuses_a_loaded_database(self) -> None:
        with self.assertRaisesMessage(CommandError, "has 3 dealers already"):
            call_command("demo", until=UNTIL, scale=0.03, verbosity=0, stdout=StringIO())

    def test_a_bad_until_is_refused_with_its_name(self) -> None:
        with self.assertRaisesMessage(CommandError, "until '27/11/2026'"):
            call_command("demo", until="27/11/2026", verbosity=0)

    def test_utrecht_has_a_phone_feed_with_the_usual_gaps_and_the_others_none(self) -> None:
        from scoreline.analytics.report import build_report
        from scoreline.demo.phone import FEED_DEALER, UNCONFIRMED
        from scoreline.intake.models import CallMatch, Extension, PhoneCall
        from scoreline.reports.extract import read_database

        feed = Dealer.objects.get(slug__contains=FEED_DEALER)
        calls = Activity.objects.filter(kind=ActivityKind.CALL, is_automatic=False)
        confirmed = Counter(calls.filter(lead__dealer=feed).values_list("by__username", "evidence"))
        kevin = confirmed[UNCONFIRMED, "phone_system"] / (
            confirmed[UNCONFIRMED, "phone_system"] + confirmed[UNCONFIRMED, "hand"]
        )
        others = sum(n for (who, e), n in confirmed.items() if who != UNCONFIRMED and e == "hand")
        assert 0.2 < kevin < 0.5 and others > 0  # Kevin mostly unconfirmed; a few mobiles
        assert not calls.exclude(lead__dealer=feed).filter(evidence="phone_system").exists()
        assert Extension.objects.filter(dealer=feed).count() == 3
        assert PhoneCall.objects.filter(dealer=feed, match=CallMatch.UNMATCHED).count() == 5
        report = build_report(read_database(), NOW)
        by_dealer = {row["dealer"]: row for row in report["by_dealer"]}
        assert 0.7 < by_dealer[feed.name]["calls_confirmed_share"] < 0.95
        assert all(
            row["calls_confirmed_share"] is None
            for name, row in by_dealer.items()
            if name != feed.name
        )
