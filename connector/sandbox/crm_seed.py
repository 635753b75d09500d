"""Deterministic CRM seed records: the same names, emails and links on every start.

Records are built from their index alone (no random state), so generating 100,000 of them is a
loop of dict literals and any record can be predicted by a test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connector.sandbox.crm_modules import DEAL_STAGES, INDUSTRIES, LEAD_SOURCES

FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Noor",
    "Oscar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Xavier",
    "Yara",
    "Zane",
)
LAST_NAMES = (
    "Anders",
    "Brooks",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quaresma",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmermann",
)
COMPANY_WORDS = (
    "Acme",
    "Birch",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Ion",
    "Juniper",
    "Keystone",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Pioneer",
)
COMPANY_KINDS = ("Labs", "Logistics", "Foods", "Systems", "Partners", "Studio", "Works", "Energy")
CITIES = (
    ("Berlin", "Germany"),
    ("Lisbon", "Portugal"),
    ("Austin", "United States"),
    ("Pune", "India"),
    ("Osaka", "Japan"),
    ("Toronto", "Canada"),
    ("Lyon", "France"),
    ("Sydney", "Australia"),
)

Lookup = Callable[[str, int], dict[str, str] | None]  # (module, index) -> {"name", "id"} of a seeded record


def _person(i: int) -> tuple[str, str]:
    return FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // len(FIRST_NAMES) + i) % len(LAST_NAMES)]


def company(i: int) -> str:
    return f"{COMPANY_WORDS[i % len(COMPANY_WORDS)]} {COMPANY_KINDS[(i // len(COMPANY_WORDS)) % 8]} {i + 1}"


def lead(i: int, lookup: Lookup) -> dict[str, Any]:
    first, last = _person(i)
    city, country = CITIES[i % len(CITIES)]
    return {
        "First_Name": first,
        "Last_Name": last,
        "Full_Name": f"{first} {last}",
        "Email": f"{first.lower()}.{last.lower()}{i + 1}@example.com",
        "Phone": f"+1-555-01{i % 100:02d}",
        "Mobile": None,
        "Company": company(i),
        "Title": "Manager" if i % 3 else "Director",
        "Lead_Source": LEAD_SOURCES[i % len(LEAD_SOURCES)],
        "Lead_Status": ("Not Contacted", "Contacted", "Qualified")[i % 3],
        "Industry": INDUSTRIES[i % len(INDUSTRIES)],
        "Annual_Revenue": float(10000 * (i % 50 + 1)),
        "No_of_Employees": 5 * (i % 40 + 1),
        "Rating": None,
        "Website": f"https://lead{i + 1}.example.com",
        "City": city,
        "State": None,
        "Country": country,
        "Description": None,
        "Email_Opt_Out": i % 7 == 0,
    }


def contact(i: int, lookup: Lookup) -> dict[str, Any]:
    first, last = _person(i + 11)
    city, country = CITIES[(i + 3) % len(CITIES)]
    return {
        "First_Name": first,
        "Last_Name": last,
        "Full_Name": f"{first} {last}",
        "Email": f"{first.lower()}.{last.lower()}.c{i + 1}@example.org",
        "Phone": f"+44-20-7946-{i % 10000:04d}",
        "Mobile": None,
        "Account_Name": lookup("Accounts", i),
        "Title": ("CFO", "CTO", "Buyer", "Engineer")[i % 4],
        "Department": ("Finance", "IT", "Purchasing", "Operations")[i % 4],
        "Date_of_Birth": f"19{70 + i % 30}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        "Lead_Source": LEAD_SOURCES[(i + 2) % len(LEAD_SOURCES)],
        "Mailing_City": city,
        "Mailing_Country": country,
        "Description": None,
        "Email_Opt_Out": False,
    }


def account(i: int, lookup: Lookup) -> dict[str, Any]:
    city, country = CITIES[i % len(CITIES)]
    return {
        "Account_Name": company(i),
        "Website": f"https://account{i + 1}.example.com",
        "Phone": f"+49-30-{i % 1000000:06d}",
        "Industry": INDUSTRIES[(i + 4) % len(INDUSTRIES)],
        "Annual_Revenue": float(250000 * (i % 20 + 1)),
        "Employees": 10 * (i % 100 + 1),
        "Account_Type": ("Customer", "Prospect", "Partner")[i % 3],
        "Billing_City": city,
        "Billing_Country": country,
        "Description": None,
    }


def deal(i: int, lookup: Lookup) -> dict[str, Any]:
    return {
        "Deal_Name": f"{company(i)} renewal",
        "Stage": DEAL_STAGES[i % len(DEAL_STAGES)],
        "Amount": float(1000 * (i % 90 + 10)),
        "Closing_Date": f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        "Account_Name": lookup("Accounts", i),
        "Contact_Name": lookup("Contacts", i),
        "Probability": (10, 20, 40, 60, 75, 100, 0)[i % 7],
        "Lead_Source": LEAD_SOURCES[i % len(LEAD_SOURCES)],
        "Type": ("New Business", "Existing Business")[i % 2],
        "Description": None,
    }


def vendor(i: int, lookup: Lookup) -> dict[str, Any]:
    city, country = CITIES[(i + 5) % len(CITIES)]
    return {
        "Vendor_Name": f"{COMPANY_WORDS[(i + 7) % len(COMPANY_WORDS)]} Supply {i + 1}",
        "Email": f"sales{i + 1}@vendor.example.net",
        "Phone": f"+1-555-02{i % 100:02d}",
        "Website": f"https://vendor{i + 1}.example.net",
        "Category": ("Hardware", "Services", "Software")[i % 3],
        "City": city,
        "Country": country,
    }


def product(i: int, lookup: Lookup) -> dict[str, Any]:
    return {
        "Product_Name": f"{('Widget', 'Gadget', 'Sensor', 'Licence', 'Support Plan')[i % 5]} {i + 1}",
        "Product_Code": f"SKU-{i + 1:05d}",
        "Unit_Price": float(5 * (i % 40 + 1)) + 0.99,
        "Product_Active": i % 6 != 5,
        "Product_Category": ("Hardware", "Software", "Services")[i % 3],
        "Vendor_Name": lookup("Vendors", i),
        "Qty_in_Stock": float(i % 300),
        "Description": None,
    }


def custom(module: str) -> Callable[[int, Lookup], dict[str, Any]]:
    def build(i: int, lookup: Lookup) -> dict[str, Any]:
        return {
            "Name": f"{module} {i + 1}",
            "Email": f"{module.lower()}{i + 1}@example.com",
            "Description": None,
        }

    return build


BUILDERS: dict[str, Callable[[int, Lookup], dict[str, Any]]] = {
    "Leads": lead,
    "Contacts": contact,
    "Accounts": account,
    "Deals": deal,
    "Vendors": vendor,
    "Products": product,
}
