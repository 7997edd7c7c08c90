"""The live boards' versions, counted up by triggers in the transaction of every write that can
change a card, so that no write path (services, admin, queryset updates, cascades, raw SQL) can
leave a screen stale. The same rows on SQLite and PostgreSQL; AFTER ROW triggers, which
PostgreSQL runs at the end of each statement (a bulk insert's unique checks come first)."""

import django.db.models.deletion
from django.db import migrations, models

VERSIONS = "fulfillment_boardversion"

# A source row's cards: (board, the table holding organization and location, its location
# column, how the source row names that table's rows).
PICKUPS = ("pickups", "fulfillment_pickup", "service_location")
DELIVERIES = ("deliveries", "fulfillment_delivery", "shipping_location")

# table: (events, [(board, holder, location column, the holder's rows of a source row `{R}`)])
SOURCES = {
    "fulfillment_pickup": (("INSERT", "UPDATE", "DELETE"), [(*PICKUPS, "h.id = {R}.id")]),
    "fulfillment_delivery": (("INSERT", "UPDATE", "DELETE"), [(*DELIVERIES, "h.id = {R}.id")]),
    "fulfillment_pickupitem": (
        ("INSERT", "UPDATE", "DELETE"),
        [(*PICKUPS, "h.id = {R}.pickup_id")],
    ),
    "fulfillment_deliveryitem": (
        ("INSERT", "UPDATE", "DELETE"),
        [(*DELIVERIES, "h.id = {R}.delivery_id")],
    ),
    "orders_salesorder": (
        ("UPDATE",),
        [(*PICKUPS, "h.order_id = {R}.id"), (*DELIVERIES, "h.order_id = {R}.id")],
    ),
    "orders_salesorderitem": (
        ("UPDATE",),
        [(*PICKUPS, "h.order_id = {R}.order_id"), (*DELIVERIES, "h.order_id = {R}.order_id")],
    ),
}


def _upsert(select: str, where: str) -> str:
    return (
        f"INSERT INTO {VERSIONS} (organization_id, board, location, version) "
        f"{select}, 1 {where} "
        f"ON CONFLICT (organization_id, board, location) "
        f"DO UPDATE SET version = {VERSIONS}.version + 1;"
    )


def _bump(board: str, holder: str, location: str, rows: str, record: str) -> str:
    """Count up the version of each (organization, board, location) the rows name; a new
    location starts at 1. The holder's own row, when the source is the holder, is read as
    the trigger's record (a deleted row is no longer in its table).

    First the organization's own row (board "organization"): its lock, held to the commit,
    makes the writers of one organization take their location rows one transaction at a
    time, so two transactions never hold one location each while waiting for the other's."""
    if rows == "h.id = {R}.id":
        organization = f"SELECT {record}.organization_id"
        select = f"{organization}, '{board}', COALESCE({record}.{location}, '')"
        where = "WHERE TRUE"
    else:
        organization = "SELECT DISTINCT h.organization_id"
        select = f"{organization}, '{board}', COALESCE(h.{location}, '')"
        where = f"FROM {holder} h WHERE " + rows.format(R=record)
    return _upsert(f"{organization}, 'organization', ''", where) + " " + _upsert(select, where)


def _records(event: str) -> tuple[str, ...]:
    return {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}[event]


def _sqlite() -> tuple[list[str], list[str]]:
    create, drop = [], []
    for table, (events, targets) in SOURCES.items():
        for event in events:
            name = f"{table}_board_{event.lower()}"
            body = " ".join(
                _bump(*target, record=record) for record in _records(event) for target in targets
            )
            create.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END;")
            drop.append(f"DROP TRIGGER IF EXISTS {name};")
    create.append(
        "CREATE TRIGGER core_organization_board_delete AFTER DELETE ON core_organization "
        f"BEGIN DELETE FROM {VERSIONS} WHERE organization_id = OLD.id; END;"
    )
    drop.append("DROP TRIGGER IF EXISTS core_organization_board_delete;")
    return create, drop


def _postgresql() -> tuple[list[str], list[str]]:
    create, drop = [], []
    for table, (events, targets) in SOURCES.items():
        name = f"{table}_board"
        steps = []
        for event in events:
            body = " ".join(
                _bump(*target, record=record) for record in _records(event) for target in targets
            )
            steps.append(f"IF TG_OP = '{event}' THEN {body} END IF;")
        create.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {' '.join(steps)} RETURN NULL; END $$;"
        )
        create.append(
            f"CREATE TRIGGER {name} AFTER {' OR '.join(events)} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}();"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
        drop.append(f"DROP FUNCTION IF EXISTS {name}();")
    create.append(
        "CREATE FUNCTION core_organization_board() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN DELETE FROM {VERSIONS} WHERE organization_id = OLD.id; RETURN NULL; END $$;"
    )
    create.append(
        "CREATE TRIGGER core_organization_board AFTER DELETE ON core_organization "
        "FOR EACH ROW EXECUTE FUNCTION core_organization_board();"
    )
    drop.append("DROP TRIGGER IF EXISTS core_organization_board ON core_organization;")
    drop.append("DROP FUNCTION IF EXISTS core_organization_board();")
    return create, drop


def _statements(schema_editor) -> tuple[list[str], list[str]]:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        return _postgresql()
    if vendor == "sqlite":
        return _sqlite()
    raise NotImplementedError(f"No board version triggers for {vendor}.")


def create_triggers(apps, schema_editor) -> None:
    for statement in _statements(schema_editor)[0]:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor) -> None:
    for statement in _statements(schema_editor)[1]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_userpreferences"),
        ("orders", "0002_seed_tax_rates"),
        ("fulfillment", "0002_counterdisplay_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("board", models.CharField(max_length=16)),
                ("location", models.CharField(blank=True, default="", max_length=256)),
                ("version", models.BigIntegerField(default=0)),
                (
                    "organization",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.organization",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization", "board", "location"), name="board_version_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
