"""Objects for scripts/fuzz.sh to aim at, so fuzzed reads and writes reach real rows (and
response schemas are checked on 200s, not only on 404s). Prints `export NAME=value` lines.

    uv run python scripts/fuzz_data.py BASE_URL ORG TOKEN   (with DATABASE_URL set)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import http
from bench.seed import ensure_product, seed_orders, setup_django


def created(answer, what: str) -> dict:
    if answer.status not in (200, 201):
        raise SystemExit(f"could not create {what}: {answer.status} {answer.body[:300]!r}")
    return answer.json()


def main() -> None:
    base, org, token = sys.argv[1:4]
    setup_django()
    ensure_product(organization_id=org, product_id="fuzz-beans")
    ids = seed_orders(
        organization_id=org, orders=2, items_per_order=2, pickups=True, deliveries=True
    )
    api = f"{base}/api/org/{org}"
    draft = created(
        http("POST", api + "/sales-order-drafts", token=token, body={"sales_channel": "fuzz"}),
        "draft",
    )
    draft_api = f"{api}/sales-order-drafts/{draft['id']}"
    item = created(
        http(
            "POST",
            draft_api + "/items",
            token=token,
            body={"product": "fuzz-beans", "quantity": {"value": 2, "unit": "PIECES"}},
        ),
        "draft item",
    )
    shipped = created(
        http(
            "POST",
            draft_api + "/items",
            token=token,
            body={"product": "fuzz-beans", "quantity": {"value": 1, "unit": "PIECES"}},
        ),
        "draft item",
    )
    pickup = created(
        http(
            "POST",
            draft_api + "/pickups",
            token=token,
            body={"items": [item["id"]], "pager_number": "7"},
        ),
        "draft pickup",
    )
    delivery = created(
        http("POST", draft_api + "/deliveries", token=token, body={"items": [shipped["id"]]}),
        "draft delivery",
    )
    values = {
        "FUZZ_DRAFT": draft["id"],
        "FUZZ_DRAFT_ITEM": item["id"],
        "FUZZ_DRAFT_PICKUP": pickup["id"],
        "FUZZ_DRAFT_DELIVERY": delivery["id"],
        "FUZZ_ORDER": ids["orders"][0],
        "FUZZ_PICKUP": ids["pickups"][0],
        "FUZZ_DELIVERY": ids["deliveries"][1],
        "FUZZ_PRODUCT": "fuzz-beans",
    }
    for name, value in values.items():
        print(f"export {name}={value}")


if __name__ == "__main__":
    main()
