"""drf-spectacular post-processing: every operation documents its problem responses (RFC 9457),
so a client (and schemathesis) knows every status it can get."""

from __future__ import annotations

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "字段 → 错误信息（仅 400）",
        },
    },
    "required": ["type", "title", "status", "detail"],
}
STATUSES = {
    "400": "请求数据有误",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "未找到",
    "405": "不支持该请求方法",
    "406": "无法提供所要求的格式",
    "409": "记录状态已变化，不能执行该操作",
    "415": "不支持该数据格式",
    "429": "请求过于频繁",
}


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in STATUSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result
