"""StrictSchema reads plain dicts (parsed bodies, selector renderings) directly: the same
answers as through DjangoGetter, without its per-field Python calls (the list benchmarks)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

import core.schemas
from core.schemas import Money, Quantity


def test_a_dict_is_validated_without_djangogetter(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("DjangoGetter used for a plain dict")

    monkeypatch.setattr(core.schemas, "DjangoGetter", refuse)
    money = Money.model_validate({"value": Decimal("10.50"), "unit": "EUR", "extra": 1})
    assert money.value == Decimal("10.50")
    assert money.unit.value == "EUR"


@pytest.mark.parametrize("bad", [None, [], "EUR", 3, 1.5, Decimal("1")])
def test_a_non_object_is_still_rejected(bad):
    with pytest.raises(ValidationError):
        Money.model_validate(bad)


def test_a_dict_with_a_string_number_is_still_rejected():
    with pytest.raises(ValidationError):
        Quantity.model_validate({"value": "2", "unit": "PIECES"})


def test_an_object_with_attributes_is_still_read_through_djangogetter():
    quantity = Quantity.model_validate(SimpleNamespace(value=Decimal("2"), unit="PIECES"))
    assert quantity.value == Decimal("2")
