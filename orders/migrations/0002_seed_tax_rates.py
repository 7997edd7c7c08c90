from decimal import Decimal

from django.db import migrations

DACH_TAX_RATES = [
    ("AT_REDUCED_VAT_1984", "0.1000", "Austria, reduced rate 10 %"),
    ("AT_REDUCED_VAT_2016", "0.1300", "Austria, reduced rate 13 %"),
    ("AT_STANDARD_VAT_1984", "0.2000", "Austria, standard rate 20 %"),
    ("CH_REDUCED_VAT_2008", "0.0240", "Switzerland, reduced rate 2.4 % (2008-2017)"),
    ("CH_REDUCED_VAT_2018", "0.0250", "Switzerland, reduced rate 2.5 % (2018-2023)"),
    ("CH_REDUCED_VAT_2024", "0.0260", "Switzerland, reduced rate 2.6 %"),
    ("CH_SPECIAL_VAT_2024", "0.0380", "Switzerland, accommodation rate 3.8 %"),
    ("CH_STANDARD_VAT_2008", "0.0760", "Switzerland, standard rate 7.6 % (2008-2017)"),
    ("CH_STANDARD_VAT_2018", "0.0770", "Switzerland, standard rate 7.7 % (2018-2023)"),
    ("CH_STANDARD_VAT_2024", "0.0810", "Switzerland, standard rate 8.1 %"),
    ("DE_REDUCED_VAT_1983", "0.0700", "Germany, reduced rate 7 %"),
    ("DE_STANDARD_VAT_2007", "0.1900", "Germany, standard rate 19 %"),
]


def seed(apps, schema_editor):
    TaxRate = apps.get_model("orders", "TaxRate")
    for identifier, rate, description in DACH_TAX_RATES:
        TaxRate.objects.update_or_create(
            identifier=identifier, defaults={"rate": Decimal(rate), "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
