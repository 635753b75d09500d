"""The CRM modules the sandbox knows: their fields, types and mandatory fields.

A subset of the standard layouts of Zoho CRM, enough to behave like Zoho for the connector:
every module has the system fields (id, Owner, Created_By/Time, Modified_By/Time); mandatory
fields are the system-mandatory ones of Zoho's standard layouts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_TYPES = frozenset({"text", "textarea", "email", "phone", "website", "picklist"})


@dataclass(frozen=True)
class FieldDef:
    api_name: str
    data_type: str  # text, email, phone, website, textarea, picklist, integer,
    # double, currency, boolean, date, datetime, lookup, ownerlookup
    mandatory: bool = False
    read_only: bool = False
    lookup_module: str | None = None
    length: int = 255
    pick_list_values: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.api_name.replace("_", " ")


@dataclass(frozen=True)
class ModuleDef:
    api_name: str
    singular_label: str
    code: int  # digits 8-10 of this module's record ids
    fields: tuple[FieldDef, ...]
    name_field: str  # shown as "name" in lookups to this module
    custom: bool = False
    by_name: dict[str, FieldDef] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({f.api_name: f for f in self.fields})

    @property
    def mandatory(self) -> tuple[str, ...]:
        return tuple(f.api_name for f in self.fields if f.mandatory)


SYSTEM_FIELDS = (
    FieldDef("Owner", "ownerlookup"),
    FieldDef("Created_By", "ownerlookup", read_only=True),
    FieldDef("Created_Time", "datetime", read_only=True),
    FieldDef("Modified_By", "ownerlookup", read_only=True),
    FieldDef("Modified_Time", "datetime", read_only=True),
    FieldDef("Tag", "text", read_only=True),
)

LEAD_SOURCES = (
    "Advertisement",
    "Cold Call",
    "Employee Referral",
    "External Referral",
    "Online Store",
    "Partner",
    "Public Relations",
    "Seminar Partner",
    "Trade Show",
    "Web Download",
)
INDUSTRIES = (
    "Communications",
    "Consulting",
    "Education",
    "Financial Services",
    "Government",
    "Healthcare",
    "Manufacturing",
    "Retail",
    "Technology",
    "Transportation",
)
DEAL_STAGES = (
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
)


def _module(
    api_name: str, singular: str, code: int, name_field: str, *fields: FieldDef, custom: bool = False
) -> ModuleDef:
    return ModuleDef(api_name, singular, code, (*fields, *SYSTEM_FIELDS), name_field, custom)


def _standard_modules() -> tuple[ModuleDef, ...]:
    text, email, phone = "text", "email", "phone"
    return (
        _module(
            "Leads",
            "Lead",
            101,
            "Full_Name",
            FieldDef("First_Name", text, length=40),
            FieldDef("Last_Name", text, mandatory=True, length=80),
            FieldDef("Full_Name", text, read_only=True),
            FieldDef("Email", email),
            FieldDef("Phone", phone),
            FieldDef("Mobile", phone),
            FieldDef("Company", text, length=200),
            FieldDef("Title", text),
            FieldDef("Lead_Source", "picklist", pick_list_values=LEAD_SOURCES),
            FieldDef(
                "Lead_Status",
                "picklist",
                pick_list_values=(
                    "Not Contacted",
                    "Attempted to Contact",
                    "Contacted",
                    "Junk Lead",
                    "Qualified",
                ),
            ),
            FieldDef("Industry", "picklist", pick_list_values=INDUSTRIES),
            FieldDef("Annual_Revenue", "currency"),
            FieldDef("No_of_Employees", "integer"),
            FieldDef("Rating", "picklist", pick_list_values=("Acquired", "Active", "Market Failed")),
            FieldDef("Website", "website"),
            FieldDef("City", text),
            FieldDef("State", text),
            FieldDef("Country", text),
            FieldDef("Description", "textarea", length=32000),
            FieldDef("Email_Opt_Out", "boolean"),
        ),
        _module(
            "Contacts",
            "Contact",
            102,
            "Full_Name",
            FieldDef("First_Name", text, length=40),
            FieldDef("Last_Name", text, mandatory=True, length=80),
            FieldDef("Full_Name", text, read_only=True),
            FieldDef("Email", email),
            FieldDef("Phone", phone),
            FieldDef("Mobile", phone),
            FieldDef("Account_Name", "lookup", lookup_module="Accounts"),
            FieldDef("Title", text),
            FieldDef("Department", text),
            FieldDef("Date_of_Birth", "date"),
            FieldDef("Lead_Source", "picklist", pick_list_values=LEAD_SOURCES),
            FieldDef("Mailing_City", text),
            FieldDef("Mailing_Country", text),
            FieldDef("Description", "textarea", length=32000),
            FieldDef("Email_Opt_Out", "boolean"),
        ),
        _module(
            "Accounts",
            "Account",
            103,
            "Account_Name",
            FieldDef("Account_Name", text, mandatory=True, length=200),
            FieldDef("Website", "website"),
            FieldDef("Phone", phone),
            FieldDef("Industry", "picklist", pick_list_values=INDUSTRIES),
            FieldDef("Annual_Revenue", "currency"),
            FieldDef("Employees", "integer"),
            FieldDef(
                "Account_Type",
                "picklist",
                pick_list_values=("Analyst", "Competitor", "Customer", "Investor", "Partner", "Prospect"),
            ),
            FieldDef("Billing_City", text),
            FieldDef("Billing_Country", text),
            FieldDef("Description", "textarea", length=32000),
        ),
        _module(
            "Deals",
            "Deal",
            104,
            "Deal_Name",
            FieldDef("Deal_Name", text, mandatory=True, length=120),
            FieldDef("Stage", "picklist", mandatory=True, pick_list_values=DEAL_STAGES),
            FieldDef("Amount", "currency"),
            FieldDef("Closing_Date", "date"),
            FieldDef("Account_Name", "lookup", lookup_module="Accounts"),
            FieldDef("Contact_Name", "lookup", lookup_module="Contacts"),
            FieldDef("Probability", "integer"),
            FieldDef("Lead_Source", "picklist", pick_list_values=LEAD_SOURCES),
            FieldDef("Type", "picklist", pick_list_values=("Existing Business", "New Business")),
            FieldDef("Description", "textarea", length=32000),
        ),
        _module(
            "Vendors",
            "Vendor",
            105,
            "Vendor_Name",
            FieldDef("Vendor_Name", text, mandatory=True, length=120),
            FieldDef("Email", email),
            FieldDef("Phone", phone),
            FieldDef("Website", "website"),
            FieldDef("Category", text),
            FieldDef("City", text),
            FieldDef("Country", text),
        ),
        _module(
            "Products",
            "Product",
            106,
            "Product_Name",
            FieldDef("Product_Name", text, mandatory=True, length=120),
            FieldDef("Product_Code", text),
            FieldDef("Unit_Price", "currency"),
            FieldDef("Product_Active", "boolean"),
            FieldDef("Product_Category", text),
            FieldDef("Vendor_Name", "lookup", lookup_module="Vendors"),
            FieldDef("Qty_in_Stock", "double"),
            FieldDef("Description", "textarea", length=32000),
        ),
    )


STANDARD_MODULES: tuple[ModuleDef, ...] = _standard_modules()
FIRST_CUSTOM_CODE = 200


def custom_module(api_name: str, code: int) -> ModuleDef:
    """A module created through the control API's seed: Zoho's custom-module layout (mandatory Name)."""
    singular = api_name.rstrip("s") or api_name
    return _module(
        api_name,
        singular,
        code,
        "Name",
        FieldDef("Name", "text", mandatory=True, length=120),
        FieldDef("Email", "email"),
        FieldDef("Description", "textarea", length=32000),
        custom=True,
    )
