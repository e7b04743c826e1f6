"""Ship the default scoring rules (docs/scoring-rules.md) as data: the rule set with no committee
and no year, which every committee uses until staff save their own set for a year."""

from django.db import migrations


def add_default_rules(apps, schema_editor):
    from ledger.services import DEFAULT_RULES

    RuleSet = apps.get_model("ledger", "ScoringRuleSet")
    Rule = apps.get_model("ledger", "ScoringRule")
    rule_set, _created = RuleSet.objects.get_or_create(committee=None, year=None)
    existing = set(Rule.objects.filter(rule_set=rule_set).values_list("item", flat=True))
    Rule.objects.bulk_create([
        Rule(rule_set=rule_set, item=str(item), points=points, annual_cap=cap)
        for item, (points, cap) in DEFAULT_RULES.items() if str(item) not in existing
    ])


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(add_default_rules, migrations.RunPython.noop)]
