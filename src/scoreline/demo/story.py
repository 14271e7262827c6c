"""The demo's cast: Van Dijk's three dealers, its people and their habits, sources, campaigns.

The story the scoreboard should find in the data, and does:

1. Marktplaats leads convert poorly even when worked well: a quality verdict, not process.
2. AutoTrack and AutoScout24 leads go mostly to the slow salespeople (Bas in Amersfoort, Els in
   Antwerpen): below target, but worked to the standard they would reach it: process.
3. Kevin in Utrecht closes leads as "not interested" after one unanswered call, so leads
   closed without the follow-up standard show up (with a manager's override on record).
4. Sanne and Lotte answer within minutes and keep calling: the best conversion of the group.
5. Today: recent leads are partly open, some untouched, some gathering dust.
6. Each dealer has a year plan, and this month's pace tells three stories: Utrecht is
   comfortably on pace, Antwerpen on pace without room to spare, and Amersfoort's target is at
   risk, so its sales manager and marketing find a pace warning waiting.

Everything here is data; `generate` gives it life. The logins are data too, so `make demo`
(and the `demo` command) can print them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from scoreline.dealers.models import Role
from scoreline.leads.models import Channel, CostModel

DEMO_PASSWORD = "demo"
GROUP_NAME = "Autogroep Van Dijk"
# Leads a year for the whole group at scale 1: 18 months make about 50,000.
LEADS_PER_YEAR = 33_400


@dataclass(frozen=True)
class DealerStory:
    key: str
    name: str
    country: str
    time_zone: str
    opening_hours: str
    share: float  # of the group's leads
    order_prefix: str
    margin_per_sale: Decimal


DEALERS = (
    DealerStory(
        "utrecht",
        "Autohuis Van Dijk Utrecht",
        "NL",
        "Europe/Amsterdam",
        "Mo-Fr 08:30-18:00; Sa 09:00-17:00",
        0.42,
        "UT",
        Decimal("1650.00"),
    ),
    DealerStory(
        "amersfoort",
        "Van Dijk Amersfoort",
        "NL",
        "Europe/Amsterdam",
        "Mo-Fr 09:00-18:00; Sa 10:00-16:00",
        0.30,
        "AF",
        Decimal("1450.00"),
    ),
    DealerStory(
        "antwerpen",
        "Van Dijk Antwerpen",
        "BE",
        "Europe/Brussels",
        "Mo-Fr 08:30-12:30,13:30-18:30; Sa 10:00-17:00",
        0.28,
        "AN",
        Decimal("1550.00"),
    ),
)


@dataclass(frozen=True)
class ExceptionRule:
    """A yearly opening exception: `day_of(year)` gives its date (or None that year)."""

    country: str  # "" for every dealer
    dealer: str  # "" for every dealer of the country
    hours: str
    note: str
    month: int
    day: int = 0  # a fixed day of the month, or 0 to use the n-th weekday below
    weekday: int = 6  # 0 = Monday
    nth: int = 1

    def day_of(self, year: int) -> date:
        if self.day:
            return date(year, self.month, self.day)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))

    def applies_to(self, dealer: DealerStory) -> bool:
        return self.country in ("", dealer.country) and self.dealer in ("", dealer.key)


EXCEPTION_RULES = (
    ExceptionRule("", "", "09:00-16:00", "Kerstavond", 12, day=24),
    ExceptionRule("", "", "09:00-16:00", "Oudejaarsdag", 12, day=31),
    ExceptionRule("NL", "", "11:00-17:00", "Open zondag", 3, weekday=6, nth=1),
    ExceptionRule("BE", "", "10:00-18:00", "Autosalon: zondag open", 1, weekday=6, nth=2),
    ExceptionRule("BE", "", "10:00-18:00", "Autosalon: zondag open", 1, weekday=6, nth=3),
    ExceptionRule("", "amersfoort", "off", "Personeelsdag", 6, weekday=4, nth=2),
)


def opening_exceptions(dealer: DealerStory, first: date, last: date) -> dict[date, tuple[str, str]]:
    """The dealer's exceptions (hours, note) dated between `first` and `last` inclusive."""
    found = {}
    for year in range(first.year, last.year + 1):
        for rule in EXCEPTION_RULES:
            day = rule.day_of(year)
            if rule.applies_to(dealer) and first <= day <= last:
                found[day] = (rule.hours, rule.note)
    return found


@dataclass(frozen=True)
class Habit:
    """How one salesperson works a lead: what the scoreboard should find out about them."""

    key: str
    response_median_minutes: float  # business minutes to the first response (log-normal)
    response_spread: float  # the log-normal's sigma
    never_responds: float  # share of leads left untouched
    phone_first: float  # share of first responses that are calls
    attempts: tuple[int, ...]  # call attempts planned until reached (drawn uniformly)
    same_day_retry: float  # chance the next attempt comes later the same day
    day_gaps: tuple[int, ...]  # open days to the next attempt otherwise (drawn uniformly)
    writes: float  # chance of a written message while not reached
    uses_script: float  # chance a call follows the script
    abandons: float  # chance the lead is left lying, open, until a manager cleans up
    closes_after_one_try: float  # chance of "not interested" after one unanswered call


FAST = Habit(
    "fast",
    response_median_minutes=3,
    response_spread=0.9,
    never_responds=0.003,
    phone_first=0.97,
    attempts=(5, 6, 6),
    same_day_retry=0.3,
    day_gaps=(1, 1, 2),
    writes=0.95,
    uses_script=0.9,
    abandons=0.01,
    closes_after_one_try=0.0,
)
STEADY = Habit(
    "steady",
    response_median_minutes=20,
    response_spread=1.0,
    never_responds=0.02,
    phone_first=0.9,
    attempts=(3, 4, 4, 5),
    same_day_retry=0.2,
    day_gaps=(1, 1, 2, 2),
    writes=0.75,
    uses_script=0.6,
    abandons=0.04,
    closes_after_one_try=0.02,
)
SLOW = Habit(
    "slow",
    response_median_minutes=170,
    response_spread=0.8,
    never_responds=0.06,
    phone_first=0.65,
    attempts=(3, 3, 4, 4, 5),
    same_day_retry=0.1,
    day_gaps=(1, 2, 2, 3),
    writes=0.6,
    uses_script=0.3,
    abandons=0.12,
    closes_after_one_try=0.03,
)
QUICK_CLOSER = Habit(
    "quick_closer",
    response_median_minutes=9,
    response_spread=1.0,
    never_responds=0.02,
    phone_first=0.95,
    attempts=(1, 1, 2, 4),
    same_day_retry=0.1,
    day_gaps=(1, 2),
    writes=0.3,
    uses_script=0.5,
    abandons=0.03,
    closes_after_one_try=0.85,
)
HABITS = (FAST, STEADY, SLOW, QUICK_CLOSER)


@dataclass(frozen=True)
class Login:
    username: str
    first_name: str
    last_name: str
    role: Role
    dealers: tuple[str, ...]  # dealer keys
    about: str  # what this login shows in the demo, printed with the logins
    habit: Habit | None = None
    language: str = "nl"
    # Source slug -> how much more often this salesperson gets its leads (default 1).
    affinity: dict[str, float] = field(default_factory=dict)
    is_superuser: bool = False


ALL_DEALERS = tuple(dealer.key for dealer in DEALERS)
SALES = Role.SALESPERSON
# fmt: off
LOGINS = (
    Login("sanne", "Sanne", "de Vries", SALES, ("utrecht",), "fast and thorough", FAST,
          affinity={"importer": 2, "website": 2, "marktplaats": 3}),
    Login("daan", "Daan", "Bakker", SALES, ("utrecht",), "steady", STEADY),
    Login("kevin", "Kevin", "Jansen", SALES, ("utrecht",), "closes after one try", QUICK_CLOSER,
          affinity={"autotrack": 3, "phone": 1.5}),
    Login("marieke", "Marieke", "Visser", Role.SALES_MANAGER, ("utrecht",), "sales manager"),
    Login("lotte", "Lotte", "Mulder", SALES, ("amersfoort",), "fast and thorough", FAST,
          affinity={"importer": 4, "website": 3, "marktplaats": 2}),
    Login("bas", "Bas", "Smit", SALES, ("amersfoort",), "slow to respond", SLOW,
          affinity={"autotrack": 5, "autoscout24": 4, "marktplaats": 0.5}),
    Login("peter", "Peter", "de Boer", Role.SALES_MANAGER, ("amersfoort",),
          "sales manager: this month's target at risk"),
    Login("jeroen", "Jeroen", "Peeters", SALES, ("antwerpen",), "steady", STEADY,
          affinity={"importer": 3, "website": 2}),
    Login("els", "Els", "Janssens", SALES, ("antwerpen",), "slow to respond", SLOW,
          affinity={"autoscout24": 4}),
    Login("wim", "Wim", "Maes", Role.SALES_MANAGER, ("antwerpen",), "sales manager"),
    Login("femke", "Femke", "van Leeuwen", Role.MARKETING, ALL_DEALERS, "marketing manager"),
    Login("hans", "Hans", "van Dijk", Role.DIRECTOR, ALL_DEALERS, "group director"),
    Login("admin", "Beheer", "Van Dijk", Role.ADMIN, ALL_DEALERS, "administrator (Django admin)",
          language="en", is_superuser=True),
)
# fmt: on


def login_lines() -> list[str]:
    """The demo's logins as `make demo` prints them: username, password, role, where, what."""
    names = {dealer.key: dealer.name for dealer in DEALERS}
    lines = []
    for login in LOGINS:
        where = (
            "all dealers"
            if login.dealers == ALL_DEALERS
            else ", ".join(names[k] for k in login.dealers)
        )
        role = str(login.role.label)
        lines.append(f"{login.username:<8} {DEMO_PASSWORD:<5} {role:<18} {where:<28} {login.about}")
    return lines


def salespeople_of(dealer: DealerStory) -> tuple[Login, ...]:
    return tuple(p for p in LOGINS if p.role == SALES and dealer.key in p.dealers)


def manager_of(dealer: DealerStory) -> Login:
    return next(p for p in LOGINS if p.role == Role.SALES_MANAGER and dealer.key in p.dealers)


@dataclass(frozen=True)
class SourceStory:
    slug: str
    name: str
    cost_model: CostModel
    channel: Channel
    share: dict[str, float]  # country -> share of a dealer's leads
    won_if_contacted: float  # lead quality: chance a contacted lead buys, answered in time
    unreachable: float  # share of people who never pick up the phone
    new_car: float  # share asking about a new car rather than a used one
    spam: float
    out_of_hours: float  # share arriving while the dealer is closed
    provider_prefix: str = ""  # the provider's lead ids; empty: it gives none
    monthly_fee: dict[str, Decimal] = field(default_factory=dict)  # dealer key ("" = group)

    @property
    def is_inbound(self) -> bool:
        """A phone call or a visit: the person is talking to a salesperson on arrival."""
        return self.channel in (Channel.PHONE, Channel.WALK_IN)


SOURCES = (
    SourceStory(
        "website",
        "Website",
        CostModel.PER_MONTH,
        Channel.API,
        share={"NL": 0.24, "BE": 0.28},
        won_if_contacted=0.2,
        unreachable=0.18,
        new_car=0.55,
        spam=0.02,
        out_of_hours=0.38,
        provider_prefix="WEB-",
        monthly_fee={"": Decimal("9500")},
    ),
    SourceStory(
        "importer",
        "Importer",
        CostModel.FREE,
        Channel.ADF,
        share={"NL": 0.14, "BE": 0.18},
        won_if_contacted=0.25,
        unreachable=0.12,
        new_car=1.0,
        spam=0.005,
        out_of_hours=0.35,
        provider_prefix="VWPI-",
    ),
    SourceStory(
        "marktplaats",
        "Marktplaats",
        CostModel.PER_MONTH,
        Channel.WEBHOOK,
        share={"NL": 0.16, "BE": 0.0},
        won_if_contacted=0.07,
        unreachable=0.36,
        new_car=0.0,
        spam=0.03,
        out_of_hours=0.45,
        provider_prefix="MP-",
        monthly_fee={"utrecht": Decimal("3900"), "amersfoort": Decimal("2900")},
    ),
    SourceStory(
        "autotrack",
        "AutoTrack",
        CostModel.PER_MONTH,
        Channel.EMAIL,
        share={"NL": 0.12, "BE": 0.0},
        won_if_contacted=0.2,
        unreachable=0.2,
        new_car=0.05,
        spam=0.01,
        out_of_hours=0.4,
        provider_prefix="AT",
        monthly_fee={"utrecht": Decimal("2300"), "amersfoort": Decimal("1800")},
    ),
    SourceStory(
        "autoscout24",
        "AutoScout24",
        CostModel.PER_MONTH,
        Channel.EMAIL,
        share={"NL": 0.12, "BE": 0.26},
        won_if_contacted=0.21,
        unreachable=0.22,
        new_car=0.1,
        spam=0.01,
        out_of_hours=0.4,
        provider_prefix="AS24-",
        monthly_fee={
            "utrecht": Decimal("2100"),
            "amersfoort": Decimal("1700"),
            "antwerpen": Decimal("2600"),
        },
    ),
    SourceStory(
        "phone",
        "Phone",
        CostModel.FREE,
        Channel.PHONE,
        share={"NL": 0.11, "BE": 0.14},
        won_if_contacted=0.17,
        unreachable=0.0,
        new_car=0.5,
        spam=0.0,
        out_of_hours=0.0,
    ),
    SourceStory(
        "walk-in",
        "Walk-in",
        CostModel.FREE,
        Channel.WALK_IN,
        share={"NL": 0.11, "BE": 0.14},
        won_if_contacted=0.19,
        unreachable=0.0,
        new_car=0.5,
        spam=0.0,
        out_of_hours=0.0,
    ),
)
PORTALS = ("marktplaats", "autotrack", "autoscout24")


@dataclass(frozen=True)
class CampaignStory:
    name: str  # the year is appended
    source: str
    dealer: str  # "" = group-wide
    starts: tuple[int, int]  # (month, day)
    ends: tuple[int, int]
    budget: Decimal
    goal_leads: int | None
    boost: float  # how much more of the source's leads arrive while it runs

    def period(self, year: int) -> tuple[date, date]:
        return date(year, *self.starts), date(year, *self.ends)


CAMPAIGNS = (
    CampaignStory("Voorjaarsactie ID.", "importer", "", (3, 1), (4, 30), Decimal("0"), 900, 1.4),
    CampaignStory(
        "Private lease zomer", "website", "", (6, 1), (8, 31), Decimal("24000"), 1200, 1.3
    ),
    CampaignStory(
        "Occasionweekend", "marktplaats", "amersfoort", (9, 8), (9, 21), Decimal("3500"), 120, 1.8
    ),
    CampaignStory(
        "Salonvoorwaarden", "walk-in", "antwerpen", (1, 8), (1, 31), Decimal("12000"), 250, 1.6
    ),
)


@dataclass(frozen=True)
class LostReasonStory:
    code: str
    label: str
    needs_follow_up_standard: bool = True


LOST_REASONS = (
    LostReasonStory("not_interested", "Geen interesse"),
    LostReasonStory("not_reached", "Niet bereikt"),
    LostReasonStory("bought_elsewhere", "Elders gekocht"),
    LostReasonStory("no_budget", "Geen budget of financiering"),
    LostReasonStory("duplicate", "Dubbele aanvraag", needs_follow_up_standard=False),
    LostReasonStory("fake", "Nep- of testaanvraag", needs_follow_up_standard=False),
)


@dataclass(frozen=True)
class ScriptStory:
    key: str
    name: str
    version: int
    body: str
    is_active: bool = True


# fmt: off
SCRIPTS = (
    ScriptStory("portal_v1", "Eerste contact portal-lead", 1,
                "Goedendag, u spreekt met … van Van Dijk. U vroeg via {portal} naar de {auto}. "
                "Is die nog actueel voor u? Wanneer komt een proefrit u uit?", is_active=False),
    ScriptStory("portal_v2", "Eerste contact portal-lead", 2,
                "Goedendag, u spreekt met … van Van Dijk. Fijn dat u reageerde op de {auto}. "
                "Waar rijdt u nu in, en wat moet de nieuwe auto anders doen? Zal ik hem "
                "zaterdag voor u klaarzetten voor een proefrit?"),
    ScriptStory("direct_v1", "Eerste contact website en importeur", 1,
                "Goedendag, u spreekt met … van Van Dijk. U vroeg informatie over de {auto}. "
                "Wat is voor u belangrijk? Zal ik een afspraak in de showroom maken?"),
    ScriptStory("quote_v1", "Nabellen offerte", 1,
                "Goedendag, u spreekt met … van Van Dijk. Heeft u onze offerte kunnen lezen? "
                "Zijn er nog vragen over inruil of financiering?"),
)
# fmt: on
# The portal script's second version replaces the first this many months into the story.
PORTAL_SCRIPT_V2_AFTER_MONTHS = 9


@dataclass(frozen=True)
class PlanStory:
    """How a dealer's year plan sits against its month: the pace story the board tells.

    The current month's target is the sales the dealer reaches with `month_chance` by today's
    forecast: 0.9 is comfortable, below the plan's warning threshold (0.5) is at risk.
    """

    dealer: str  # dealer key
    month_chance: float
    growth: float  # this year's target over last year's


PLANS = (
    PlanStory("utrecht", month_chance=0.9, growth=1.03),
    PlanStory("amersfoort", month_chance=0.2, growth=1.08),
    PlanStory("antwerpen", month_chance=0.65, growth=1.05),
)
PLANNER = "femke"  # marketing builds the plans
