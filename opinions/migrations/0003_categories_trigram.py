from django.db import migrations

CATEGORIES = ["经济发展", "民生保障", "教育", "医疗卫生", "生态环境", "城乡建设", "社会治理",
              "文化旅游", "民族团结", "农牧业", "其他"]


def add_categories(apps, schema_editor):
    Category = apps.get_model("opinions", "Category")
    for order, name in enumerate(CATEGORIES, 1):
        Category.objects.get_or_create(name=name, defaults={"order": order})


def trigram_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("opinions", "0002_initial")]

    operations = [
        migrations.RunPython(add_categories, migrations.RunPython.noop),
        migrations.RunPython(trigram_extension, migrations.RunPython.noop),
    ]
