"""The worker runs the follow-up engine's due work: the same cast, clock and mail as followup."""

from followup.conftest import _english_and_local_mail, cast, clock  # noqa: F401
