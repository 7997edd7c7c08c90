"""A client generated from /api/openapi.json by openapi-python-client type-checks under
`mypy --strict` together with an integrator's code (tests/core/openapi/client_flow.py), and runs the
whole basket → order → pickup flow against a live server without hand edits."""

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.services import api_client_create, organization_ensure
from orders.models import SalesOrder, TaxRate

HERE = Path(__file__).parent
# The generator's own post-hook runs `ruff check --fix`, which rewrites the context-manager
# signatures of its client.py so that they no longer type-check; formatting is enough.
GENERATOR_CONFIG = 'post_hooks:\n  - "ruff format ."\n'


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is a dev dependency (uv sync)"
    return found


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    from desk.api import api

    folder = tmp_path_factory.mktemp("generated-client")
    document = folder / "openapi.json"
    document.write_text(json.dumps(api.get_openapi_schema(path_prefix="/api/")))
    config = folder / "generator.yaml"
    config.write_text(GENERATOR_CONFIG)
    subprocess.run(
        [
            tool("openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--output-path",
            str(folder / "desk_client"),
            "--config",
            str(config),
        ],
        check=True,
        capture_output=True,
        cwd=folder,
    )
    shutil.copy(HERE / "client_flow.py", folder / "client_flow.py")
    return folder


def test_the_generated_client_and_its_use_pass_mypy_strict(generated):
    done = subprocess.run(
        [tool("mypy"), "--strict", "--no-incremental", "desk_client", "client_flow.py"],
        cwd=generated,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# The live server needs committed rows; restoring the serialized database afterwards keeps the
# data migrations' rows (tax rates, content types) for the transactional tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_generated_client_runs_basket_to_picked_up_pickup(generated, live_server, monkeypatch):
    organization = organization_ensure(org_id="client-shop", name="Client Shop")
    secret = "client-secret-of-the-web-shop"
    api_client_create(organization=organization, name="web-shop", secret=secret)
    TaxRate.objects.get_or_create(identifier="DE_REDUCED_VAT_1983", defaults={"rate": "0.07"})
    monkeypatch.syspath_prepend(str(generated))
    for name in [
        name for name in sys.modules if name.split(".")[0] in {"desk_client", "client_flow"}
    ]:
        del sys.modules[name]
    flow = importlib.import_module("client_flow")

    order = flow.run_flow(live_server.url, organization.id, "web-shop", secret)

    assert order.status.value == "COMPLETED"
    assert SalesOrder.objects.get(id=order.id).status == "COMPLETED"
