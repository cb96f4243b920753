"""The OpenAPI document says what each route really answers: every media type a route can
negotiate, and the one problem+json shape of every error, so generated clients and schemathesis
can hold the service to it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from cablegraph.api.errors import PROBLEM

PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
    "additionalProperties": True,
}
TEXT = {"schema": {"type": "string"}}
BINARY = {"schema": {"type": "string", "format": "binary"}}


def media(
    *types: str, description: str = "Successful response", binary: bool = False
) -> dict[int | str, dict[str, Any]]:
    """A 200 response documented as each of `types` (a body that is not JSON)."""
    return {200: {"description": description, "content": dict.fromkeys(types, BINARY if binary else TEXT)}}


def install_openapi(app: FastAPI) -> None:
    """Every operation documents problem+json for its errors (4XX, 5XX) and 304 for revalidation."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                responses["4XX"] = {"description": "The request cannot be answered (problem details)", **problem}
                responses["5XX"] = {
                    "description": "Server error or overload, 503 with Retry-After (problem details)",
                    **problem,
                }
                if method == "get" and path.startswith("/api/"):
                    responses["304"] = {"description": "Not modified: the client's ETag is current"}
                for response in responses.values():
                    content = response.get("content", {})
                    if len(content) > 1 and content.get("application/json") == {"schema": {}}:
                        del content["application/json"]  # FastAPI's default for a raw Response, not a real answer
        app.openapi_schema = document
        return document

    app.openapi = build  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
