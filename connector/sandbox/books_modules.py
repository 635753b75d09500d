"""The table of Zoho Books v3 modules the sandbox serves (research/zoho-api.md section 6.3).

Each entry says how Books names a module's records in envelopes (list key, single key, id
field), what a create must carry, how lists filter and sort, and which sub-resources exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

TIMESTAMP_SORTS = ("created_time", "last_modified_time")


@dataclass(frozen=True)
class BooksModule:
    """One Books module: its path segment(s) and the vocabulary of its envelopes."""

    path: str  # "contacts", "settings/currencies"
    list_key: str
    single_key: str
    id_field: str
    noun: str  # used in messages: "The <noun> has been deleted."
    required: tuple[str, ...]
    default_sort: str
    default_order: str = "A"
    sort_columns: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()  # equality filters, also as <field>_startswith / _contains
    search_fields: tuple[str, ...] = ()  # what search_text looks in
    statuses: tuple[str, ...] = ()  # values accepted by filter_by=Status.<Value>
    initial_status: str | None = None
    date_field: str | None = None  # date_start / date_end / date_before / date_after
    number_field: str | None = None  # auto-numbered when absent: INV-000001
    number_prefix: str = ""
    priced_lines: bool = False  # line_items carry rate x quantity and sum to the totals
    party_field: str | None = None  # customer_id or vendor_id, checked against contacts
    list_omit: tuple[str, ...] = ("line_items",)  # heavy fields Books leaves out of list rows
    create_status: int = 201
    messages: Mapping[str, str] = field(default_factory=dict)  # created / updated / deleted
    status_actions: tuple[str, ...] = ()  # POST /<module>/<id>/status/<action>
    activation: bool = False  # POST /<module>/<id>/active and /inactive
    comments: str | None = None  # list key of /<module>/<id>/comments, if Books has it
    comments_writable: bool = False
    report_name: str = ""

    def message(self, event: str) -> str:
        default = {
            "created": f"The {self.noun} has been created.",
            "updated": f"The {self.noun} has been updated.",
            "deleted": f"The {self.noun} has been deleted.",
        }
        return self.messages.get(event, default[event])

    def sortable(self) -> tuple[str, ...]:
        return (*self.sort_columns, *TIMESTAMP_SORTS)


_TRANSACTION_SORTS = ("date", "total", "customer_name", "status")


def _transaction(
    path: str, key: str, noun: str, *, number: str, prefix: str, required: tuple[str, ...],
    party: str, statuses: tuple[str, ...], actions: tuple[str, ...], initial: str = "draft",
) -> BooksModule:
    """A sales or purchase document with line items, a party, a number and statuses."""
    party_name = party.replace("_id", "_name")
    return BooksModule(
        path=path, list_key=path, single_key=key, id_field=f"{key}_id", noun=noun,
        required=required,
        default_sort="created_time", default_order="D",
        sort_columns=(number, "date", "total", party_name, "status", "reference_number"),
        filters=(number, "reference_number", party, party_name, "status", "date", "total"),
        search_fields=(number, party_name, "reference_number"), statuses=statuses,
        initial_status=initial, date_field="date", number_field=number, number_prefix=prefix,
        priced_lines=True, party_field=party, status_actions=actions,
        comments="comments", comments_writable=True, report_name=noun.title() + "s",
        messages={"updated": f"{noun[:1].upper()}{noun[1:]} information has been updated."},
    )


MODULES: dict[str, BooksModule] = {
    m.path: m
    for m in (
        BooksModule(
            path="contacts", list_key="contacts", single_key="contact", id_field="contact_id",
            noun="contact", required=("contact_name",), default_sort="contact_name",
            sort_columns=("contact_name", "company_name", "first_name", "last_name", "email",
                          "outstanding_receivable_amount"),
            filters=("contact_name", "company_name", "first_name", "last_name", "email", "phone",
                     "contact_type", "status", "customer_sub_type", "zcrm_account_id",
                     "zcrm_contact_id", "zcrm_vendor_id"),
            search_fields=("contact_name", "company_name", "email", "first_name", "last_name"),
            statuses=("active", "inactive", "customers", "vendors", "duplicate", "crm"),
            initial_status="active", list_omit=("contact_persons", "billing_address",
                                                "shipping_address", "default_templates"),
            messages={"created": "The contact has been created",
                      "updated": "Contact has been updated successfully"},
            activation=True, comments="contact_comments", report_name="Contacts",
        ),
        BooksModule(
            path="contactpersons", list_key="contact_persons", single_key="contact_person",
            id_field="contact_person_id", noun="contact person", required=("first_name",),
            default_sort="contact_person_id", sort_columns=("contact_person_id", "first_name",
                                                            "last_name", "email"),
            filters=("first_name", "last_name", "email", "phone", "mobile"),
            search_fields=("first_name", "last_name", "email"),
            messages={"created": "The contactperson has been Created",
                      "updated": "The contactperson details has been updated."},
        ),
        BooksModule(
            path="items", list_key="items", single_key="item", id_field="item_id", noun="item",
            required=("name", "rate"), default_sort="name",
            sort_columns=("name", "rate", "sku", "status", "product_type"),
            filters=("name", "sku", "description", "rate", "status", "product_type", "item_type",
                     "zcrm_product_id"),
            search_fields=("name", "sku", "description"), statuses=("active", "inactive"),
            initial_status="active", messages={"created": "The item has been added."},
            activation=True, report_name="Items",
        ),
        _transaction("invoices", "invoice", "invoice", number="invoice_number", prefix="INV-",
                     required=("customer_id", "line_items"), party="customer_id",
                     statuses=("draft", "sent", "overdue", "paid", "void", "unpaid",
                               "partiallypaid", "viewed"),
                     actions=("sent", "void", "draft")),
        _transaction("estimates", "estimate", "estimate", number="estimate_number", prefix="EST-",
                     required=("customer_id", "line_items"), party="customer_id",
                     statuses=("draft", "sent", "invoiced", "accepted", "declined", "expired"),
                     actions=("sent", "accepted", "declined")),
        _transaction("salesorders", "salesorder", "sales order", number="salesorder_number", prefix="SO-",
                     required=("customer_id",), party="customer_id",
                     statuses=("draft", "open", "invoiced", "void", "closed"),
                     actions=("open", "void")),
        _transaction("purchaseorders", "purchaseorder", "purchase order",
                     number="purchaseorder_number", prefix="PO-",
                     required=("vendor_id", "line_items"), party="vendor_id",
                     statuses=("draft", "open", "billed", "cancelled", "closed"),
                     actions=("open", "billed", "cancelled")),
        _transaction("bills", "bill", "bill", number="bill_number", prefix="BILL-",
                     required=("vendor_id", "bill_number"), party="vendor_id",
                     statuses=("draft", "open", "overdue", "paid", "void", "partiallypaid"),
                     actions=("open", "void"), initial="open"),
        _transaction("creditnotes", "creditnote", "credit note", number="creditnote_number", prefix="CN-",
                     required=("customer_id", "date", "creditnote_number", "line_items"),
                     party="customer_id", statuses=("draft", "open", "closed", "void"),
                     actions=("open", "void", "draft")),
        BooksModule(
            path="customerpayments", list_key="customer_payments", single_key="payment",
            id_field="payment_id", noun="payment",
            # research 6.3 also lists invoices[]; Books accepts payments kept as excess, so optional.
            required=("customer_id", "payment_mode", "amount", "date"),
            default_sort="date", default_order="D",
            sort_columns=("date", "amount", "customer_name", "payment_number", "payment_mode"),
            filters=("customer_id", "customer_name", "payment_mode", "payment_number",
                     "reference_number", "amount", "date"),
            search_fields=("customer_name", "payment_number", "reference_number"),
            date_field="date", number_field="payment_number", number_prefix="",
            party_field="customer_id", list_omit=("invoices",), report_name="Payments Received",
        ),
        BooksModule(
            path="vendorpayments", list_key="vendorpayments", single_key="vendorpayment",
            id_field="payment_id", noun="vendor payment",
            # research 6.3: only amount in the spec, vendor_id very likely required too (UNVERIFIED).
            required=("vendor_id", "amount"), default_sort="date", default_order="D",
            sort_columns=("date", "amount", "vendor_name", "payment_number"),
            filters=("vendor_id", "vendor_name", "payment_mode", "payment_number", "amount", "date"),
            search_fields=("vendor_name", "payment_number", "reference_number"),
            date_field="date", number_field="payment_number", party_field="vendor_id",
            list_omit=("bills",), report_name="Payments Made",
        ),
        BooksModule(
            path="expenses", list_key="expenses", single_key="expense", id_field="expense_id",
            noun="expense", required=("date", "account_id", "amount", "paid_through_account_id"),
            default_sort="date", default_order="D",
            sort_columns=("date", "amount", "account_name", "vendor_name", "customer_name"),
            filters=("account_id", "account_name", "vendor_id", "vendor_name", "customer_id",
                     "reference_number", "status", "amount", "date"),
            search_fields=("account_name", "description", "reference_number", "vendor_name"),
            statuses=("unbilled", "invoiced", "reimbursed", "nonbillable", "billable"),
            initial_status="nonbillable", date_field="date",
            create_status=200,  # the spec's POST /expenses answers 200, not 201
            messages={"created": "The expense has been recorded."}, report_name="Expenses",
        ),
        BooksModule(
            path="journals", list_key="journals", single_key="journal", id_field="journal_id",
            noun="journal", required=("journal_date",), default_sort="journal_date",
            default_order="D", sort_columns=("journal_date", "entry_number", "reference_number", "total"),
            filters=("entry_number", "reference_number", "journal_date", "notes", "total", "status"),
            search_fields=("entry_number", "reference_number", "notes"),
            statuses=("draft", "published"), initial_status="draft", date_field="journal_date",
            number_field="entry_number", number_prefix="JRN-", report_name="Journals",
        ),
        BooksModule(
            path="projects", list_key="projects", single_key="project", id_field="project_id",
            noun="project", required=("project_name", "customer_id", "billing_type", "user_id"),
            default_sort="project_name",
            sort_columns=("project_name", "customer_name", "rate", "status"),
            filters=("project_name", "customer_id", "customer_name", "billing_type", "status"),
            search_fields=("project_name", "customer_name", "description"),
            statuses=("active", "inactive"), initial_status="active", party_field="customer_id",
            activation=True, report_name="Projects",
        ),
        BooksModule(
            path="settings/currencies", list_key="currencies", single_key="currency",
            id_field="currency_id", noun="currency", required=("currency_code", "currency_symbol"),
            default_sort="currency_code", sort_columns=("currency_code", "currency_name"),
            filters=("currency_code", "currency_name", "currency_symbol"),
            search_fields=("currency_code", "currency_name"), list_omit=(),
        ),
        BooksModule(
            path="settings/taxes", list_key="taxes", single_key="tax", id_field="tax_id",
            noun="tax", required=("tax_name", "tax_percentage"), default_sort="tax_name",
            sort_columns=("tax_name", "tax_percentage", "tax_type"),
            filters=("tax_name", "tax_type", "tax_percentage"), search_fields=("tax_name",),
            list_omit=(), messages={"created": "The tax has been added."},
        ),
    )
}

# Modules that take PUT /<module> with X-Unique-Identifier-Key/-Value (and X-Upsert), research 6.3.
UNIQUE_KEY_MODULES = frozenset({"contacts", "invoices", "estimates", "salesorders", "purchaseorders",
                                "bills", "creditnotes", "items", "customerpayments", "expenses",
                                "projects"})

# Kinds of the body fields the sandbox checks; other fields are stored as sent.
STRING, NUMBER, INTEGER, BOOLEAN, DATE, ID, ARRAY, OBJECT = (
    "string", "number", "integer", "boolean", "date", "id", "array", "object",
)
FIELD_KINDS: dict[str, str] = {
    **dict.fromkeys(("date", "due_date", "journal_date", "expiry_date", "shipment_date",
                     "delivery_date", "payment_date", "start_date", "end_date"), DATE),
    **dict.fromkeys(("rate", "quantity", "amount", "discount", "exchange_rate", "shipping_charge",
                     "adjustment", "credit_limit", "purchase_rate", "tax_percentage", "bank_charges",
                     "amount_applied", "debit_or_credit_amount", "total"), NUMBER),
    **dict.fromkeys(("payment_terms", "price_precision", "item_order"), INTEGER),
    **dict.fromkeys(("line_items", "contact_persons", "invoices", "bills", "custom_fields", "tags",
                     "taxes", "documents"), ARRAY),
    **dict.fromkeys(("billing_address", "shipping_address", "default_templates"), OBJECT),
    **dict.fromkeys(("is_taxable", "is_primary_contact", "enable_portal", "is_inclusive_tax",
                     "ignore_auto_number_generation", "is_billable", "is_discount_before_tax",
                     "payment_reminder_enabled", "allow_partial_payments"), BOOLEAN),
    **dict.fromkeys(("contact_name", "company_name", "name", "description", "notes", "terms",
                     "email", "phone", "mobile", "first_name", "last_name", "contact_type",
                     "status", "sku", "unit", "product_type", "item_type", "payment_mode",
                     "reference_number", "currency_code", "currency_symbol", "currency_name",
                     "tax_name", "tax_type", "project_name", "billing_type", "website",
                     "salutation", "designation", "department", "invoice_number",
                     "estimate_number", "salesorder_number", "purchaseorder_number",
                     "bill_number", "creditnote_number", "payment_number", "entry_number"), STRING),
}


def field_kind(name: str) -> str | None:
    """The kind the sandbox enforces for a body field, or None to store it as sent."""
    if name in FIELD_KINDS:
        return FIELD_KINDS[name]
    if name.endswith("_id"):
        return ID
    return None


def find_module(path: str) -> BooksModule | None:
    return MODULES.get(path)


# Sub-resources of contacts that have their own path shapes in Books.
CONTACT_PERSONS = MODULES["contactpersons"]
