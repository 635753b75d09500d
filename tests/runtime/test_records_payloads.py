"""Input-to-request helpers of the record handlers: path segments, ids, numbers, values, files."""

from __future__ import annotations

from typing import Any

import pytest

from connector.errors import InputError
from connector.zoho.api import query_params, segment
from connector.zoho.books_modules import BOOKS_MODULES, list_key_for
from connector.zoho.payloads import dynamic_values, file_part, int_input, record_id, record_values


def test_segment_encodes_reserved_characters() -> None:
    assert segment(" Sales Orders?#% ", input_name="recordType") == "Sales%20Orders%3F%23%25"


def test_segment_error_names_the_input_and_not_the_value_only() -> None:
    with pytest.raises(InputError) as caught:
        segment("a/b", input_name="parentRecordType")
    assert caught.value.input == "parentRecordType"
    assert "parentRecordType" in caught.value.message


def test_record_id_accepts_integers_and_trims() -> None:
    assert record_id({"recordId": 5394166000000379001}, "recordId") == "5394166000000379001"
    assert record_id({"recordId": " 12 "}, "recordId") == "12"


@pytest.mark.parametrize("value", [True, 1.5, None, "1 2", "-1", "1e3"])
def test_record_id_rejects_anything_but_digits(value: Any) -> None:
    with pytest.raises(InputError):
        record_id({"recordId": value}, "recordId")


def test_int_input_defaults_and_bounds() -> None:
    assert int_input({}, "page", default=1) == 1
    assert int_input({"page": ""}, "page", default=1) == 1
    assert int_input({"per_page": "200"}, "per_page", default=None, maximum=200) == 200
    with pytest.raises(InputError, match="between 1 and 200"):
        int_input({"per_page": 500}, "per_page", default=None, maximum=200)
    with pytest.raises(InputError):
        int_input({"page": True}, "page", default=1)


def test_query_params_drop_unset_values_and_lower_booleans() -> None:
    rendered = query_params({"a": None, "b": "", "c": 0, "d": True, "e": "x"})
    assert rendered == {"c": "0", "d": "true", "e": "x"}


def test_dynamic_values_list_later_keys_win() -> None:
    assert dynamic_values([{"key": "A", "value": 1}, {"key": "A", "value": 2}]) == {"A": 2}
    assert dynamic_values("  ") == {}


def test_record_values_field_values_win() -> None:
    assert record_values({"A": "dyn", "B": "dyn"}, {"A": "field"}) == {"A": "field", "B": "dyn"}


def test_file_part_percent_encoded_data_url() -> None:
    assert file_part("data:text/csv,a%2Cb%0A1%2C2", "t.csv") == ("t.csv", b"a,b\n1,2", "text/csv")


def test_file_part_json_value_is_sent_as_json() -> None:
    assert file_part({"a": [1]}, "d.json") == ("d.json", b'{"a": [1]}', "application/json")


def test_file_part_base64_may_be_wrapped_over_lines() -> None:
    assert file_part({"base64": "aGVs\nbG8=\n"}, "h.bin")[1] == b"hello"


def test_books_table_covers_the_record_type_dropdown() -> None:
    dropdown = {"bankaccounts", "banktransactions", "bankaccounts/rules", "basecurrencyadjustment", "bills",
                "chartofaccounts", "contacts", "contactpersons", "creditnotes", "settings/currencies",
                "customerpayments", "employees", "estimates", "expenses", "invoices", "items", "journals",
                "settings/openingbalances", "projects", "purchaseorders", "recurringbills",
                "recurringexpenses", "recurringinvoices", "retainerinvoices", "salesorders", "tasks",
                "settings/taxes", "projects/timeentries", "users", "vendorcredits", "vendorpayments"}
    assert set(BOOKS_MODULES) == dropdown


def test_list_key_falls_back_to_the_only_list_when_the_table_key_is_absent() -> None:
    # A record type the table does not know (a custom module): the body's only list is the answer.
    body = {"code": 0, "cm_shipments": [], "page_context": {}}
    assert list_key_for("cm_shipments", body) == "cm_shipments"
    assert list_key_for("cm_shipments", {"code": 0, "a": [], "b": []}) is None
    # A known type whose table key is missing from the body falls back the same way.
    assert list_key_for("customerpayments", {"code": 0, "payments": []}) == "payments"
