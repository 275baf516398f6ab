"""The API's OpenAPI 3.1 document, built from the endpoints' declarations and the response models (so the
published contract is the code's): /openapi.json serves it and /api/docs renders it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from web.api_models import API_VERSION, ApiError

REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict[str, Any]
    where: str = "query"

    def as_openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": self.where,
            "required": self.where == "path",
            "description": self.description,
            "schema": self.schema,
        }


@dataclass(frozen=True)
class Endpoint:
    path: str
    name: str  # the operationId
    summary: str
    response: type[BaseModel]
    many: bool = False  # the response is a JSON array of `response`
    params: tuple[Param, ...] = ()
    errors: tuple[int, ...] = ()


ROLE_ID = Param("role_id", "The role's id, e.g. mlops-engineer", {"type": "string"}, "path")
ERROR_WORDS = {400: "A parameter is not valid", 404: "No such role", 503: "The scores cannot be read right now"}


def _response(endpoint: Endpoint) -> dict[str, Any]:
    ref = {"$ref": REF.format(model=endpoint.response.__name__)}
    schema = {"type": "array", "items": ref} if endpoint.many else ref
    headers = {
        "ETag": {"description": "A validator for If-None-Match", "schema": {"type": "string"}},
        "Cache-Control": {"description": "How long the answer may be reused", "schema": {"type": "string"}},
    }
    return {"description": "OK", "headers": headers, "content": {"application/json": {"schema": schema}}}


def _operation(endpoint: Endpoint) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": {"$ref": REF.format(model="ApiError")}}}}
    responses = {"200": _response(endpoint), "304": {"description": "Not modified (If-None-Match matched the ETag)"}}
    for status in (*endpoint.errors, 503):
        responses[str(status)] = {"description": ERROR_WORDS[status], **error}
    return {
        "operationId": endpoint.name,
        "summary": endpoint.summary,
        "parameters": [p.as_openapi() for p in endpoint.params],
        "responses": responses,
    }


def document(endpoints: list[Endpoint], base_url: str) -> dict[str, Any]:
    models = sorted({e.response for e in endpoints} | {ApiError}, key=lambda m: m.__name__)
    _, schemas = models_json_schema([(m, "serialization") for m in models], ref_template=REF)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jobzone API",
            "version": API_VERSION,
            "description": "AI job-resistance scores of roles, kept current. Read-only JSON; every change in the "
            "versioned change schema that `jobzone diff --json` and webhooks also use.",
        },
        "servers": [{"url": base_url.rstrip("/") or "/"}],
        "paths": {e.path: {"get": _operation(e)} for e in endpoints},
        "components": {"schemas": schemas.get("$defs", {})},
    }


def _type_words(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_words(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type_words(schema.get('items', {}))}"
    if "enum" in schema or "const" in schema:
        return " | ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in schema.get("enum", [schema.get("const")]))
    return str(schema.get("type", "any"))


def reference(spec: dict[str, Any]) -> dict[str, Any]:
    """The document in the shape the docs page lists it: each endpoint, then each model's fields."""
    endpoints = [
        {
            "path": path,
            "summary": op["summary"],
            "parameters": op["parameters"],
            "returns": _type_words(op["responses"]["200"]["content"]["application/json"]["schema"]),
            "errors": [code for code in op["responses"] if code not in ("200", "304")],
        }
        for path, item in spec["paths"].items()
        for op in [item["get"]]
    ]
    models = [
        {
            "name": name,
            "description": schema.get("description", ""),
            "fields": [
                {"name": field, "type": _type_words(prop), "description": prop.get("description", "")}
                for field, prop in schema.get("properties", {}).items()
            ],
        }
        for name, schema in sorted(spec["components"]["schemas"].items())
    ]
    return {"info": spec["info"], "endpoints": endpoints, "models": models}
