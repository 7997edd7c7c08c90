"""`gunicorn desk.wsgi` with DEBUG off on a fresh checkout: no collectstatic run beforehand, several
workers starting at once, and every page and every static file it names is served."""

import re

import pytest

from bench.harness import AppServer, http, manage, staff_session

ORG = "prod"
STATIC_REFERENCE = re.compile(r'(?:src|href)="(/static/[^"]+)"')


@pytest.fixture
def production_server(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    manage("migrate", "--noinput", database_url=database_url)
    manage("create_org", ORG, "--name", "Production Shop", database_url=database_url)
    static_root = tmp_path / "static-root"
    server = AppServer(
        database_url, workers=3, debug=False, extra_env={"STATIC_ROOT": str(static_root)}
    ).start()
    yield server, database_url, static_root
    server.stop()


def test_debug_off_serves_pages_and_their_hashed_static_files_without_collectstatic(
    production_server,
):
    server, database_url, static_root = production_server
    session = staff_session(database_url, username="prod-staff", org_id=ORG)
    display = manage(
        "create_display", "--org", ORG, "--location", "counter-1", database_url=database_url
    ).splitlines()[-1]
    cookie = {"Cookie": f"sessionid={session}"}
    pages = [
        ("/login/", {}),
        ("/admin/login/", {}),
        ("/desk/", cookie),
        ("/desk/pickups/", cookie),
        ("/desk/deliveries/", cookie),
        ("/desk/orders/", cookie),
        ("/desk/baskets/", cookie),
        (display, {}),
        ("/api/docs", {}),
    ]
    static_files = set()
    for path, headers in pages:
        page = http("GET", server.base_url + path, headers=headers)
        assert page.status == 200, (path, page.status, server.log()[-2000:])
        static_files |= set(STATIC_REFERENCE.findall(page.body.decode()))

    assert any(name.startswith("/static/vendor/htmx.min.") for name in static_files)
    for name in sorted(static_files):
        answer = http("GET", server.base_url + name)
        assert answer.status == 200, name
        assert answer.body, name
        assert "immutable" in answer.headers.get("cache-control", ""), name
    assert (static_root / "staticfiles.json").exists()
