"""Why a payload or one lead in it was refused: one class per problem, each naming the place.

Every error carries a short machine `code` (stored on the inbox row, counted in reports) and a
human message that says what is wrong and where (element path, line, row, column or field).
"""


class IntakeError(Exception):
    """A payload or lead that cannot be imported as it is; retrying after a fix may succeed."""

    code = "intake_error"
    http_status = 400

    def __init__(self, problem: str, where: str = "") -> None:
        self.problem = problem
        self.where = where
        super().__init__(f"{problem} (at {where})" if where else problem)


class TooLarge(IntakeError):
    code = "too_large"
    http_status = 413


class BadEncoding(IntakeError):
    code = "bad_encoding"


class MalformedDocument(IntakeError):
    code = "malformed"


class HostileDocument(IntakeError):
    """Entity declarations, external references, absurd nesting: refused before any expansion."""

    code = "hostile"


class UnknownFormat(IntakeError):
    code = "unknown_format"
    http_status = 415


class MissingField(IntakeError):
    code = "missing_field"


class MissingRequestDate(MissingField):
    code = "missing_request_date"


class BadValue(IntakeError):
    code = "bad_value"


class BadDate(BadValue):
    code = "bad_date"


class NoContact(IntakeError):
    """A lead nobody can follow up: no phone number and no e-mail address."""

    code = "no_contact"


class BadSignature(IntakeError):
    code = "bad_signature"
    http_status = 401


class BadCredentials(IntakeError):
    code = "bad_credentials"
    http_status = 401


class UnknownEndpoint(IntakeError):
    code = "unknown_endpoint"
    http_status = 404


class UnknownDealer(IntakeError):
    code = "unknown_dealer"
    http_status = 404


class OtherDealer(IntakeError):
    """A row of a dealer's upload that names another dealer, or would change dealers."""

    code = "other_dealer"
    http_status = 403


class UnknownSource(IntakeError):
    code = "unknown_source"
    http_status = 404


class BadHeader(IntakeError):
    """A CSV/XLSX file whose header lacks a required column."""

    code = "bad_header"


class RefusedByFollowUp(IntakeError):
    """The follow-up engine refused the change (e.g. an activity before the lead arrived)."""

    code = "refused_by_followup"
