"""Value types shared by every part of the Sales Orders API: money, quantities, addresses, time
ranges, contact blocks. Input is strict: a JSON string is never taken for a number or a boolean."""

from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import pycountry
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainSerializer,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from core.error_codes import ProblemCode


def _json_number_only(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a JSON number")
    return value


def _rfc3339(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("must be an RFC 3339 date-time string")
    return parse_rfc3339(value)


def parse_rfc3339(text: str) -> datetime:
    """RFC 3339 section 5.6 only: a date, 'T', a time and a 'Z' or numeric offset."""
    if len(text) > 40 or "T" not in text.upper() or len(text) < 20:
        raise ValueError("must be an RFC 3339 date-time such as 2017-07-21T17:32:28Z")
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError as exc:
        raise ValueError("must be an RFC 3339 date-time such as 2017-07-21T17:32:28Z") from exc
    if parsed.tzinfo is None:
        raise ValueError("must carry a time zone: 'Z' or an offset such as +02:00")
    return parsed.astimezone(UTC)


def format_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


MAX_AMOUNT = 10**14
# The published schema says what the validators check: a JSON number (never a string), within
# the bounds; pydantic's own keywords (max_digits, decimal_places, ge) are not OpenAPI's.
Number = Annotated[Decimal, BeforeValidator(_json_number_only), WithJsonSchema({"type": "number"})]
Amount = Annotated[
    Decimal,
    BeforeValidator(_json_number_only),
    Field(max_digits=19, decimal_places=4, ge=-MAX_AMOUNT, le=MAX_AMOUNT),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": -MAX_AMOUNT,
            "maximum": MAX_AMOUNT,
            "multipleOf": 0.0001,
            "description": "An exact decimal with up to 4 decimal places.",
        }
    ),
]
QuantityValue = Annotated[
    Decimal,
    BeforeValidator(_json_number_only),
    Field(max_digits=19, decimal_places=4, gt=0, le=MAX_AMOUNT),
    WithJsonSchema(
        {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": MAX_AMOUNT,
            "multipleOf": 0.0001,
            "description": "More than 0, an exact decimal with up to 4 decimal places.",
        }
    ),
]
DateTime = Annotated[
    datetime,
    BeforeValidator(_rfc3339),
    PlainSerializer(format_datetime, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
# No text may hold a NUL character (PostgreSQL cannot store one): refused with a 400, and the
# published schema says so with a pattern.
NO_NUL = r"^[^\x00]*$"


def nul_free(*, max_length: int, min_length: int = 0) -> Any:
    """A text field of at most `max_length` characters without NUL characters (checked by
    pydantic's own pattern matching; `core.errors` words the error as a NUL error)."""
    return Annotated[
        str, StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL)
    ]


Identifier = nul_free(min_length=1, max_length=256)
ShortText = nul_free(max_length=256)
Text = nul_free(max_length=2000)
Email = Annotated[
    str,
    StringConstraints(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$"),
]
Phone = Annotated[str, StringConstraints(max_length=64, pattern=r"^\+?[0-9 ()./-]{3,64}$")]

# ISO 4217 and ISO 3166-1 alpha-2 codes come from pycountry, not a hand-written list.
Currency = Enum(  # type: ignore[misc]
    "Currency",
    {code: code for code in sorted(c.alpha_3 for c in pycountry.currencies)},
    type=str,
)
CountryCode = Enum(  # type: ignore[misc]
    "CountryCode",
    {code: code for code in sorted(c.alpha_2 for c in pycountry.countries)},
    type=str,
)


class QuantityUnit(str, Enum):
    ENERGY_JOULES = "ENERGY_JOULES"
    ENERGY_KILOWATT_HOURS = "ENERGY_KILOWATT_HOURS"
    LENGTH_MILLIMETERS = "LENGTH_MILLIMETERS"
    LENGTH_CENTIMETERS = "LENGTH_CENTIMETERS"
    LENGTH_METERS = "LENGTH_METERS"
    MASS_GRAMS = "MASS_GRAMS"
    MASS_KILOGRAMS = "MASS_KILOGRAMS"
    PIECES = "PIECES"
    TIME_MINUTES = "TIME_MINUTES"
    TIME_HOURS = "TIME_HOURS"
    VOLUME_MILLILITERS = "VOLUME_MILLILITERS"
    VOLUME_LITERS = "VOLUME_LITERS"


class DependencyType(str, Enum):
    UNKNOWN = "UNKNOWN"
    DEPOSIT = "DEPOSIT"
    ADD_ON = "ADD_ON"


class StrictSchema(Schema):
    """Unknown fields are ignored (forward compatible), wrong types are not."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo
    ) -> Any:
        # Replaces ninja's validator of this name, which reads attributes of whatever it is
        # given: JSON null, an array, a string, a number or a boolean would pass as an object
        # whose fields are all unset.
        if values is None or isinstance(values, list | str | bytes | int | float | Decimal):
            raise ValueError("must be a JSON object")
        if type(values) is dict:
            # A plain dict (a parsed body, a selector's rendering) is read by pydantic itself;
            # wrapping it in DjangoGetter costs a Python call per field (issue 5 benchmarks).
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class Money(StrictSchema):
    value: Amount
    unit: Currency


class Quantity(StrictSchema):
    value: QuantityValue
    unit: QuantityUnit


class AdditionalInvoiceInformation(StrictSchema):
    type: ShortText | None = None
    text: list[Text] = Field(default_factory=list, max_length=100)


class ItemDependency(StrictSchema):
    depending_item_id: Identifier
    dependency_type: DependencyType = DependencyType.UNKNOWN


class Address(StrictSchema):
    """An address of a location/destination."""

    full_address: Text | None = None
    recipient_name: ShortText | None = None
    care_of: ShortText | None = None
    street_name: ShortText | None = None
    street_number: ShortText | None = None
    additional: ShortText | None = None
    city: ShortText | None = None
    zip: ShortText | None = None
    country_code: CountryCode | None = None


class TimeRange(StrictSchema):
    start: DateTime | None = None
    end: DateTime | None = None

    @model_validator(mode="after")
    def start_before_end(self) -> "TimeRange":
        if self.start and self.end and self.start > self.end:
            raise ValueError("start must not be after end")
        return self


class PickupLocation(StrictSchema):
    service_location: ShortText | None = None
    service_area: ShortText | None = None


class PickupCollectorInformation(StrictSchema):
    name: ShortText | None = None
    email: Email | None = None
    phone: Phone | None = None
    contact: ShortText | None = None


class DeliveryRecipientInformation(StrictSchema):
    individual: ShortText | None = None
    individual_name: ShortText | None = None
    organization: ShortText | None = None
    organization_name: ShortText | None = None
    contact_email: Email | None = None
    contact_phone: Phone | None = None


class CustomerInformation(StrictSchema):
    individual: Identifier | None = None
    individual_name: ShortText | None = None
    organization: Identifier | None = None
    organization_name: ShortText | None = None
    invoice_address: Address | None = None
    contact_address: Address | None = None
    contact_email: Email | None = None
    contact_phone: Phone | None = None


class ProblemSchema(Schema):
    """An RFC 9457 problem document; `code` says what went wrong, for programs."""

    type: str = Field(
        "about:blank", description="`about:blank`: the title is the HTTP status phrase."
    )
    title: str = Field(description="The HTTP status phrase.")
    status: int = Field(description="The HTTP status code.", ge=100, le=599)
    detail: str = Field(description="What went wrong, for people.")
    code: ProblemCode = Field(description="What went wrong, for programs; stable.")


def problems(*statuses: int) -> dict[int, type[ProblemSchema]]:
    """The error answers of an operation's `response=`: a problem document for each status."""
    return dict.fromkeys(statuses, ProblemSchema)


# Kept for code that wants a plain bool field spelled the same way everywhere.
Flag = StrictBool
