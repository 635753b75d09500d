"""Metadata documents of /settings/modules and /settings/fields, shaped like Zoho's v8 answers.

Zoho's metadata objects are large; the keys the v8 OpenAPI requires are all present, with the
values a standard module of a fresh Zoho org has (most features off, lists empty).
"""

from __future__ import annotations

from typing import Any

from connector.sandbox.clock import seed_time
from connector.sandbox.crm_modules import FieldDef, ModuleDef
from connector.sandbox.crm_store import ID_PREFIX

MODIFIED = seed_time(-60 * 24)  # metadata was last changed the day before the seed records
JSON_TYPES = {
    "integer": "integer",
    "double": "double",
    "currency": "double",
    "boolean": "boolean",
    "lookup": "jsonobject",
    "ownerlookup": "jsonobject",
}


# Zoho sends these objects with empty members rather than null (the v8 OpenAPI types them as objects).
NO_REF: dict[str, Any] = {"api_name": None, "id": None}
NO_AUTONUMBER: dict[str, Any] = {
    "starting_number_length": 0,
    "prefix": None,
    "suffix": None,
    "start_number": None,
}
NO_MULTIUSER: dict[str, Any] = {
    "display_label": None,
    "linking_module": NO_REF,
    "connected_module": NO_REF,
    "lookup_apiname": None,
    "api_name": None,
    "connectedfield_apiname": None,
    "connectedlookup_apiname": None,
    "id": None,
    "record_access": None,
}


def module_id(definition: ModuleDef) -> str:
    return f"{ID_PREFIX}{definition.code:03d}000000"


def field_id(definition: ModuleDef, index: int) -> str:
    return f"{ID_PREFIX}{definition.code:03d}9{index:05d}"


def minified_module(definition: ModuleDef) -> dict[str, Any]:
    return {"api_name": definition.api_name, "id": module_id(definition)}


def _all_records_view(definition: ModuleDef, modified_by: dict[str, Any]) -> dict[str, Any]:
    """The default custom view every module has ("All <module>")."""
    by = {"name": modified_by["name"], "id": modified_by["id"]}
    name = f"All {definition.api_name}"
    return {
        "id": f"{ID_PREFIX}{definition.code:03d}700000",
        "name": name,
        "display_value": name,
        "system_name": "ALLVIEWS",
        "category": "public_views",
        "created_time": None,
        "modified_time": None,
        "last_accessed_time": None,
        "created_by": by,
        "modified_by": by,
        "module": {"name": definition.api_name, "id": module_id(definition)},
        "criteria": {"comparator": None, "field": NO_REF, "value": None, "group_operator": None, "group": []},
        "default": True,
        "system_defined": True,
        "locked": None,
        "favorite": None,
        "offline": False,
        "access_type": "shared",
        "shared_to": [],
        "fields": [],
        "sort_by": {"id": field_id(definition, 0), "api_name": definition.name_field},
        "sort_order": "asc",
    }


def module_document(definition: ModuleDef, sequence: int, modified_by: dict[str, Any]) -> dict[str, Any]:
    standard = not definition.custom
    return {
        "id": module_id(definition),
        "api_name": definition.api_name,
        "module_name": definition.api_name,
        "singular_label": definition.singular_label,
        "plural_label": definition.api_name,
        "generated_type": "custom" if definition.custom else "default",
        "sequence_number": sequence,
        "api_supported": True,
        "creatable": True,
        "editable": True,
        "deletable": True,
        "viewable": True,
        "visible": True,
        "show_as_tab": True,
        "visibility": 1,
        "quick_create": True,
        "convertable": definition.api_name == "Leads",
        "description": None,
        "modified_time": MODIFIED,
        "modified_by": {"name": modified_by["name"], "id": modified_by["id"]},
        "common.search_supported": True,
        "recycle_bin_on_delete": True,
        "inventory_template_supported": False,
        "presence_sub_menu": False,
        "triggers_supported": True,
        "chart_view": False,
        "isBlueprintSupported": standard,
        "emailTemplate_support": standard,
        "email_parser_supported": False,
        "filter_supported": True,
        "web_link": None,
        "feeds_required": False,
        "scoring_supported": standard,
        "webform_supported": standard,
        "arguments": [],
        "chart_view_supported": True,
        "profile_count": 2,
        "business_card_field_limit": 5,
        "track_current_data": False,
        "profiles": [],
        "parent_module": {},
        "activity_badge": "Disabled",
        "$field_states": [],
        "business_card_fields": [],
        "per_page": 200,
        "$properties": [],
        "$on_demand_properties": [],
        "search_layout_fields": [],
        "kanban_view_supported": True,
        "lookup_field_properties": {"fields": []},
        "kanban_view": False,
        "related_lists": [],
        "filter_status": True,
        "related_list_properties": {"sort_by": NO_REF, "fields": [], "sort_order": None},
        "display_field": {"api_name": definition.name_field, "id": field_id(definition, 0)},
        "layouts": [],
        "fields": [],
        "custom_view": _all_records_view(definition, modified_by),
        "zia_view": False,
        "default_mapping_fields": [],
        "layout_associations": [],
    }


def _pick_list(definition: ModuleDef, field: FieldDef) -> list[dict[str, Any]]:
    return [
        {
            "display_value": value,
            "actual_value": value,
            "reference_value": value,
            "sequence_number": n + 1,
            "type": "used",
            "id": f"{ID_PREFIX}{definition.code:03d}8{n:05d}",
            "colour_code": None,
        }
        for n, value in enumerate(("-None-", *field.pick_list_values))
    ]


def field_document(
    definition: ModuleDef, index: int, field: FieldDef, all_modules: dict[str, ModuleDef]
) -> dict[str, Any]:
    target = all_modules.get(field.lookup_module or "")
    lookup: dict[str, Any] = {}
    if field.data_type == "lookup" and target is not None:
        lookup = {
            "display_label": target.singular_label,
            "api_name": field.api_name,
            "module": minified_module(target),
            "id": field_id(definition, index),
        }
    return {
        "id": field_id(definition, index),
        "api_name": field.api_name,
        "field_label": field.label,
        "display_label": field.label,
        "column_name": field.api_name.upper(),
        "data_type": field.data_type,
        "json_type": JSON_TYPES.get(field.data_type, "string"),
        "type": "used",
        "length": field.length,
        "system_mandatory": field.mandatory,
        "read_only": field.read_only,
        "field_read_only": field.read_only,
        "custom_field": definition.custom and field.api_name not in ("Owner", "Created_By", "Modified_By"),
        "associated_module": NO_REF,
        "sub_module": NO_REF,
        "created_source": "default",
        "operation_type": {
            "web_update": not field.read_only,
            "api_create": not field.read_only,
            "web_create": not field.read_only,
            "api_update": not field.read_only,
        },
        "webhook": True,
        "blueprint_supported": False,
        "virtual_field": False,
        "customizable_properties": [],
        "businesscard_supported": True,
        "filterable": True,
        "visible": True,
        "available_in_user_layout": True,
        "display_field": field.api_name == definition.name_field,
        "pick_list_values_sorted_lexically": False,
        "sortable": True,
        "layout_associations": [],
        "separator": False,
        "searchable": True,
        "enable_colour_code": False,
        "mass_update": not field.read_only,
        "display_type": -1,
        "ui_type": 1,
        "colour_code_enabled_by_system": False,
        "decimal_place": 2 if field.data_type == "currency" else None,
        "quick_sequence_number": str(index + 1),
        "email_parser": {"fields_update_supported": False, "record_operations_supported": False},
        "rollup_summary": {},
        "refer_from_field": NO_REF,
        "created_time": None,
        "modified_time": MODIFIED,
        "show_type": 7,
        "category": 0,
        "multi_module_lookup": {},
        "sharing_properties": {},
        "currency": {},
        "file_upolad_optionlist": [],
        "lookup": lookup,
        "profiles": [],
        "view_type": {
            "view": True,
            "edit": not field.read_only,
            "quick_create": field.mandatory,
            "create": not field.read_only,
        },
        "unique": {},
        "subform": None,
        "external": {"show": False, "type": None},
        "formula": {},
        "convert_mapping": {},
        "multiselectlookup": {},
        "multiuserlookup": NO_MULTIUSER,
        "autonumber": NO_AUTONUMBER,
        "auto_number": {},
        "pick_list_values": _pick_list(definition, field) if field.data_type == "picklist" else [],
        "crypt": {"mode": None, "status": None},
        "tooltip": {"name": "", "value": ""},
        "history_tracking": {"module": {}, "duration_configured_field": NO_REF},
        "association_details": {"related_field": NO_REF, "lookup_field": NO_REF},
        "allowed_modules": [],
        "additional_column": None,
        "common.picklist": None,
        "hipaa_compliance_enabled": False,
        "hipaa_compliance": {"restricted_in_export": None, "restricted": None},
        "_update_existing_records": False,
        "number_separator": False,
        "textarea": {},
        "static_field": False,
    }
