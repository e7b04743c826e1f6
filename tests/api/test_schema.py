"""The checked-in schema (docs/api/openapi.yaml) is what the code generates: an API change
that is not in the schema fails here. To update it after a deliberate change:

    .venv/bin/python manage.py spectacular --lang zh-hans --file docs/api/openapi.yaml --validate
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command

SCHEMA = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def test_checked_in_schema_is_current(tmp_path):
    out = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--lang", "zh-hans", "--file", str(out), "--validate", "--fail-on-warn"
    )
    assert yaml.safe_load(out.read_text()) == yaml.safe_load(SCHEMA.read_text()), (
        "docs/api/openapi.yaml is out of date: regenerate it (see this module's docstring) "
        "and commit it with the API change"
    )


def test_schema_is_served_to_anyone(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3.0.3" in response.content


def test_every_operation_documents_problem_responses():
    schema = yaml.safe_load(SCHEMA.read_text())
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code in ("400", "401", "403", "404", "429"):
                content = operation["responses"][code]["content"]
                assert "application/problem+json" in content, (path, method, code)
