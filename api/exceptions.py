"""Every API error is an RFC 9457 problem (``application/problem+json``) in Chinese, or in the
client's language (``Accept-Language``: English; Mongolian for what the public endpoints answer):

    {"type": "about:blank", "title": "请求数据有误", "status": 400,
     "detail": "请检查标注的字段。", "errors": {"title": ["该字段是必填项。"]}}

A service's ``ValidationError`` and Django's ``PermissionDenied``/``Http404`` are answered the
same way as DRF's own exceptions, so bad input is a 400 with its fields named, never a 500. A 403
is written to the security audit log like a page's (audit.refusals)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from audit.refusals import refusal_record
from core.workflow import TransitionError

PROBLEM_TYPE = "application/problem+json"


class Conflict(exceptions.APIException):
    """A workflow step the record's state does not allow now (core.workflow.TransitionError):
    often someone else was faster."""

    status_code = 409
    default_detail = "操作冲突"


def _titles():
    return {
        400: _("请求数据有误"),
        401: _("未登录或令牌无效"),
        403: _("无权执行此操作"),
        404: _("未找到"),
        405: _("不支持该请求方法"),
        406: _("无法提供所要求的格式"),
        409: _("操作冲突"),
        413: _("上传内容过大"),
        415: _("不支持该数据格式"),
        429: _("请求过于频繁"),
    }


def _messages(detail):
    """DRF's error detail (str, list or dict, nested) as plain strings."""
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_messages(v) for v in detail]
    return str(detail)


def _from_django_validation(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {
                ("__all__" if field == "__all__" else field): [str(m) for e in errs for m in e]
                for field, errs in exc.error_dict.items()
            }
        )
    return exceptions.ValidationError({"__all__": [str(m) for m in exc.messages]})


def problem(status_code: int, detail: str, *, errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": _titles().get(status_code, _("请求未能完成")),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_TYPE, headers=headers)


def problem_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, TransitionError):
        exc = Conflict(exc.message)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*(exc.args[:1] if exc.args else ()))
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 (and its log)
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    code = exc.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # DRF answers 403 when no authenticator offers a challenge; ours always do.
        code = status.HTTP_401_UNAUTHORIZED
    if code == 403 and request is not None:
        refusal_record(request=request, actor=getattr(request, "user", None))
    if isinstance(exc, exceptions.ValidationError):
        errors = _messages(exc.detail)
        if isinstance(errors, list):
            errors = {"__all__": errors}
        return problem(400, _("请检查标注的字段。"), errors=errors, headers=headers)
    detail = _messages(exc.detail)
    if not isinstance(detail, str):
        detail = "；".join(map(str, detail if isinstance(detail, list) else detail.values()))
    if isinstance(exc, exceptions.NotAuthenticated):
        detail = _("请先登录，或在请求头中提供应用令牌。")
    elif isinstance(exc, exceptions.NotFound):
        detail = _("没有找到该记录，或您无权查看。")
    elif isinstance(exc, exceptions.Throttled):
        detail = _("请求过于频繁，请稍后再试。")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        detail = _("该地址不支持此请求方法。")
    return problem(code, detail, headers=headers)


@csrf_exempt  # it changes nothing; a POST gets the same 404 problem, not the CSRF page
def not_found(request, *args, **kwargs):
    """A path under /api/v1/ that names no operation (or a malformed id in one)."""
    body = {
        "type": "about:blank",
        "title": _titles()[404],
        "status": 404,
        "detail": _("没有这个接口地址。"),
    }
    return JsonResponse(
        body, status=404, content_type=PROBLEM_TYPE, json_dumps_params={"ensure_ascii": False}
    )
