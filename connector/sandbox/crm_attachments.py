"""CRM v8 record attachments: upload (multipart, one part named ``file``, or ``attachmentUrl``),
list, download and delete. Zoho caps a file at 20 MB (configurable here): 413 above it."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox import crm_errors
from connector.sandbox.config import SandboxConfig
from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_request import id_list, int_param, module_of, record_id
from connector.sandbox.crm_store import CrmStore, ModuleData

MAX_URL_LENGTH = 3000


def _file_too_large(limit: int) -> CrmError:
    return CrmError(
        413,
        "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
        "Please check if the size of the file is in the correct range",
        {"limit": limit},
    )


def _parent(store: CrmStore, request: Request) -> tuple[ModuleData, dict[str, Any]]:
    data = module_of(store, request)
    parent = data.records.get(record_id(request))
    if parent is None:
        raise CrmError(
            400,
            "INVALID_DATA",
            "the id given seems to be invalid",
            {"resource_path_index": 1, "related_status": "invalid"},
        )
    return data, parent


async def _upload(request: Request, limit: int) -> tuple[str, bytes, str | None, str | None]:
    """(file name, content, content type, link url) of an upload request."""
    link = request.query_params.get("attachmentUrl")
    if link is not None:
        if not link.startswith(("http://", "https://")) or len(link) > MAX_URL_LENGTH:
            raise crm_errors.invalid_param("attachmentUrl")
        title = request.query_params.get("title") or link.rsplit("/", 1)[-1] or link
        return title, b"", None, link
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise CrmError(
            400, "INVALID_DATA", "invalid data", {"param_name": "file", "expected_data_type": "file"}
        )
    try:
        form = await request.form(max_files=2, max_fields=10)
    except Exception:  # python-multipart's errors for malformed bodies vary
        raise CrmError(400, "INVALID_DATA", "invalid data", {"param_name": "file"}) from None
    parts = form.getlist("file")
    files = [p for p in parts if isinstance(p, UploadFile)]
    if len(files) != 1 or len(parts) != 1:
        raise CrmError(
            400, "INVALID_DATA", "invalid data", {"param_name": "file", "expected_data_type": "file"}
        )
    upload = files[0]
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise _file_too_large(limit)
    return upload.filename or "file", content, upload.content_type, None


def crm_attachment_routes(store: CrmStore, config: SandboxConfig) -> list[Route]:
    async def upload(request: Request) -> Response:
        data, parent = _parent(store, request)
        name, content, content_type, link = await _upload(request, config.max_attachment_bytes)
        stamp, _ = store.now()
        me = store.current_user
        attachment_id = data.new_id()
        attachment = {
            "id": attachment_id,
            "File_Name": name,
            "Size": str(len(content)),
            "Created_Time": stamp,
            "Modified_Time": stamp,
            "Created_By": me,
            "Modified_By": me,
            "Owner": me,
            "Parent_Id": {"name": parent.get(data.definition.name_field) or parent["id"], "id": parent["id"]},
            "$type": "Link URL" if link else "File",
            "$link_url": link,
            "$file_id": f"sb_{attachment_id}",
            "$se_module": data.definition.api_name,
            "$state": "save",
            "$editable": True,
            "$sharing_permission": "full_access",
            "$attachment_type": 1,
        }
        data.attachments.setdefault(parent["id"], []).append(attachment)
        if link is None:
            data.files[attachment_id] = (content, content_type or "application/octet-stream")
        by = {"name": me["name"], "id": me["id"], "email": me["email"]}
        details = {
            "id": attachment_id,
            "Created_Time": stamp,
            "Modified_Time": stamp,
            "Created_By": by,
            "Modified_By": by,
        }
        item = {
            "code": "SUCCESS",
            "message": "attachment uploaded successfully",
            "status": "success",
            "details": details,
        }
        return JSONResponse({"data": [item]})

    async def list_attachments(request: Request) -> Response:
        data, parent = _parent(store, request)
        attachments = data.attachments.get(parent["id"], [])
        ids = id_list(request)
        if ids is not None:
            attachments = [a for a in attachments if a["id"] in ids]
        per_page = int_param(request, "per_page", 200, 1, 200)
        page = int_param(request, "page", 1, 1, 10**6)
        chunk = attachments[(page - 1) * per_page : page * per_page]
        if not chunk:
            if config.attachments_empty_status == 204:
                return Response(status_code=204)
            return JSONResponse(
                {"data": [], "info": {"per_page": per_page, "count": 0, "page": page, "more_records": False}}
            )
        info = {
            "per_page": per_page,
            "count": len(chunk),
            "page": page,
            "more_records": page * per_page < len(attachments),
        }
        return JSONResponse({"data": chunk, "info": info})

    def _find(request: Request) -> tuple[ModuleData, dict[str, Any], dict[str, Any] | None]:
        data, parent = _parent(store, request)
        wanted = request.path_params["attachment_id"]
        found = next((a for a in data.attachments.get(parent["id"], []) if a["id"] == wanted), None)
        return data, parent, found

    async def download(request: Request) -> Response:
        data, _, attachment = _find(request)
        if attachment is None:
            return Response(status_code=204)
        if attachment["$type"] != "File":
            raise CrmError(400, "INVALID_DATA", "invalid data", {"id": attachment["id"]})
        content, content_type = data.files[attachment["id"]]
        disposition = f'attachment; filename="{attachment["File_Name"]}"'
        return Response(content, media_type=content_type, headers={"Content-Disposition": disposition})

    async def delete(request: Request) -> Response:
        data, parent, attachment = _find(request)
        if attachment is None:
            raise CrmError(
                400,
                "INVALID_DATA",
                "the id given seems to be invalid",
                {"resource_path_index": 3, "related_status": "invalid"},
            )
        data.attachments[parent["id"]].remove(attachment)
        data.files.pop(attachment["id"], None)
        item = {
            "code": "SUCCESS",
            "message": "record deleted",
            "status": "success",
            "details": {"id": attachment["id"]},
        }
        return JSONResponse({"data": [item]})

    base = "/crm/v8/{module}/{record_id}/Attachments"
    return [
        Route(base, upload, methods=["POST"]),
        Route(base, list_attachments, methods=["GET"]),
        Route(base + "/{attachment_id}", download, methods=["GET"]),
        Route(base + "/{attachment_id}", delete, methods=["DELETE"]),
    ]
