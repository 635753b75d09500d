"""The CRM's data: modules, records, attachments, users and the organization.

Records are plain dicts in insertion order (ids grow with it), so listing by id needs no sort and
the cached orderings for the other sort keys are dropped on every write of the module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connector.sandbox import crm_seed
from connector.sandbox.clock import SEED_EPOCH_SECONDS, iso_from_epoch, seed_time
from connector.sandbox.config import SandboxConfig
from connector.sandbox.crm_modules import FIRST_CUSTOM_CODE, STANDARD_MODULES, ModuleDef, custom_module

ID_PREFIX = 5725767000  # ids: prefix (10 digits) + module code (3) + sequence (6)
SORT_KEYS = ("id", "Created_Time", "Modified_Time")

# The v8 OpenAPI types a user's time_zone as an object; user emails follow its example pattern.
UTC_ZONE = {"id": "UTC", "name": "Coordinated Universal Time", "offset": 0}
USERS: tuple[dict[str, Any], ...] = (
    {
        "id": "5725767000000411001",
        "full_name": "Sandbox Admin",
        "first_name": "Sandbox",
        "last_name": "Admin",
        "email": "sandboxadmin@sbxco.com",
        "status": "active",
        "role": {"name": "CEO", "id": "5725767000000026005"},
        "profile": {"name": "Administrator", "id": "5725767000000026011"},
        "confirm": True,
        "time_zone": UTC_ZONE,
    },
    {
        "id": "5725767000000411002",
        "full_name": "Riley Sales",
        "first_name": "Riley",
        "last_name": "Sales",
        "email": "rileysales@sbxco.com",
        "status": "active",
        "role": {"name": "Sales Rep", "id": "5725767000000026007"},
        "profile": {"name": "Standard", "id": "5725767000000026014"},
        "confirm": True,
        "time_zone": UTC_ZONE,
    },
    {
        "id": "5725767000000411003",
        "full_name": "Morgan Support",
        "first_name": "Morgan",
        "last_name": "Support",
        "email": "morgansupport@sbxco.com",
        "status": "disabled",
        "role": {"name": "Support", "id": "5725767000000026009"},
        "profile": {"name": "Standard", "id": "5725767000000026014"},
        "confirm": True,
        "time_zone": UTC_ZONE,
    },
)
ORG: dict[str, Any] = {
    "id": "5725767000000010001",
    "company_name": "Sandbox Industries",
    "alias": "sandbox",
    "primary_email": "sandboxadmin@sbxco.com",
    "primary_zuid": "70000001",
    "zgid": "70000002",
    "domain_name": "org70000002",
    "country": "Germany",
    "country_code": "DE",
    "currency": "Euro - EUR",
    "currency_symbol": "€",
    "iso_code": "EUR",
    "time_zone": "UTC",
    "mc_status": False,
    "type": "production",
    "license_details": {"paid": True, "paid_type": "enterprise", "users_license_purchased": 10},
}


def user_ref(user: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": user["full_name"], "id": user["id"], "email": user["email"]}


@dataclass
class ModuleData:
    definition: ModuleDef
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    mtimes: dict[str, float] = field(default_factory=dict)  # id -> Modified_Time as epoch seconds
    attachments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # parent id -> attachments
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # attachment id -> content, type
    seq: int = 0
    version: int = 0
    _orders: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def new_id(self) -> str:
        self.seq += 1
        return f"{ID_PREFIX}{self.definition.code:03d}{self.seq:06d}"

    def touch(self) -> None:
        self.version += 1
        self._orders.clear()

    def ordered_ids(self, sort_by: str, sort_order: str) -> list[str]:
        key = (sort_by, sort_order)
        cached = self._orders.get(key)
        if cached is None:
            ids = list(self.records)
            if sort_by == "Modified_Time":
                ids.sort(key=lambda i: (self.mtimes[i], i))
            elif sort_by == "Created_Time":
                ids.sort(key=lambda i: (self.records[i]["Created_Time"], i))
            if sort_order == "desc":
                ids.reverse()
            cached = self._orders[key] = ids
        return cached

    def lookup_ref(self, record_id: str) -> dict[str, Any] | None:
        record = self.records.get(record_id)
        if record is None:
            return None
        return {"name": record.get(self.definition.name_field) or record_id, "id": record_id}


class CrmStore:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.modules: dict[str, ModuleData] = {}
        self._by_lower: dict[str, str] = {}
        self.users = [dict(u) for u in USERS]
        self.org = dict(ORG)
        self.reset()

    @property
    def current_user(self) -> dict[str, Any]:
        return user_ref(self.users[0])

    def reset(self) -> None:
        self.modules.clear()
        self._by_lower.clear()
        for definition in STANDARD_MODULES:
            self._add(definition)
        self.seed(self.config.seed_crm)

    def _add(self, definition: ModuleDef) -> ModuleData:
        data = ModuleData(definition)
        self.modules[definition.api_name] = data
        self._by_lower[definition.api_name.lower()] = definition.api_name
        return data

    def module(self, name: str) -> ModuleData | None:
        """Module by API name; Zoho matches module names case-insensitively."""
        canonical = self._by_lower.get(name.lower())
        return self.modules[canonical] if canonical else None

    def counts(self) -> dict[str, int]:
        return {name: len(data.records) for name, data in self.modules.items()}

    def user(self, user_id: str) -> dict[str, Any] | None:
        return next((user_ref(u) for u in self.users if u["id"] == user_id), None)

    def resolve(self, module: str, record_id: str) -> dict[str, Any] | None:
        """A lookup value ``{name, id}`` for a record of ``module`` ("users" for owners)."""
        if module == "users":
            return self.user(record_id)
        data = self.module(module)
        return data.lookup_ref(record_id) if data else None

    # -- seeding -----------------------------------------------------------------------------

    def seed(self, counts: Mapping[str, int]) -> None:
        """Add generated records; unknown module names become custom modules."""
        # Parents first so that lookups in children point at existing records.
        order = {name: index for index, name in enumerate(crm_seed.BUILDERS)}
        for name in sorted(counts, key=lambda n: order.get(n, len(order))):
            data = self.module(name) or self._add(
                custom_module(name, FIRST_CUSTOM_CODE + len(self.modules) - len(STANDARD_MODULES))
            )
            builder = crm_seed.BUILDERS.get(data.definition.api_name) or crm_seed.custom(
                data.definition.api_name
            )
            self._generate(data, builder, counts[name])

    def _generate(
        self, data: ModuleData, builder: Callable[[int, crm_seed.Lookup], dict[str, Any]], count: int
    ) -> None:
        owners = [user_ref(u) for u in self.users[:2]]
        firsts = {name: next(iter(d.records), None) for name, d in self.modules.items()}
        sizes = {name: len(d.records) for name, d in self.modules.items()}

        def lookup(module: str, index: int) -> dict[str, str] | None:
            target, first = self.modules.get(module), firsts.get(module)
            if target is None or first is None:
                return None
            # Seeded ids are consecutive, so the n-th seeded record's id is first id + n.
            record_id = str(int(first) + index % sizes[module])
            return target.lookup_ref(record_id)

        records, mtimes = data.records, data.mtimes
        start = data.seq
        for n in range(start, start + count):
            record_id = data.new_id()
            created = seed_time(n)
            seconds = SEED_EPOCH_SECONDS + 60.0 * n
            owner = owners[n % 2]
            record = {
                "id": record_id,
                **builder(n, lookup),
                "Owner": owner,
                "Created_By": owners[0],
                "Created_Time": created,
                "Modified_By": owners[0],
                "Modified_Time": created,
                "Tag": [],
            }
            records[record_id] = record
            mtimes[record_id] = seconds
        data.touch()

    # -- writes ------------------------------------------------------------------------------

    def now(self) -> tuple[str, float]:
        seconds = float(int(self.config.clock()))
        return iso_from_epoch(seconds), seconds

    def create(self, data: ModuleData, values: Mapping[str, Any]) -> dict[str, Any]:
        stamp, seconds = self.now()
        record_id = data.new_id()
        me = self.current_user
        record = {
            "id": record_id,
            **{f.api_name: None for f in data.definition.fields if not f.read_only},
            "Owner": me,
            **values,
            "Created_By": me,
            "Created_Time": stamp,
            "Modified_By": me,
            "Modified_Time": stamp,
            "Tag": [],
        }
        self._derive(data, record)
        data.records[record_id] = record
        data.mtimes[record_id] = seconds
        data.touch()
        return record

    def update(self, data: ModuleData, record_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
        stamp, seconds = self.now()
        record = data.records[record_id]
        record.update(values)
        record["Modified_By"] = self.current_user
        record["Modified_Time"] = stamp
        self._derive(data, record)
        data.mtimes[record_id] = seconds
        data.touch()
        return record

    def delete(self, data: ModuleData, record_ids: Iterable[str]) -> None:
        for record_id in record_ids:
            data.records.pop(record_id, None)
            data.mtimes.pop(record_id, None)
            for attachment in data.attachments.pop(record_id, []):
                data.files.pop(attachment["id"], None)
        data.touch()

    @staticmethod
    def _derive(data: ModuleData, record: dict[str, Any]) -> None:
        if "Full_Name" in data.definition.by_name:
            record["Full_Name"] = " ".join(
                p for p in (record.get("First_Name"), record.get("Last_Name")) if p
            )
