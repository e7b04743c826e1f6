"""典型经验 moves out of consultations (ADR 0018): its models are taken over as they are, on
consultations' tables, then the tables and indexes are renamed to this app's. Existing rows
stay; consultations 0005 drops the models from its own state."""


import django.db.models.deletion
import django.utils.timezone
import showcases.models
from django.conf import settings
from django.db import migrations, models



APP = "showcases"
MODELS = ("showcase", "showcaseevent", "showcasephoto")

def content_types_moved(apps, schema_editor):
    """The moved models' content types (and with them their admin permissions and log entries)
    change app label instead of being left stale beside new ones."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=APP, model=model).exists():
            ContentType.objects.filter(app_label="consultations", model=model).update(app_label=APP)


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=APP, model__in=MODELS).update(app_label="consultations")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('consultations', '0004_event_departments'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('lectures', '0001_initial'),
        ('liaison', '0008_activity_origin'),
        ('opinions', '0016_category_name_mn'),
        ('org', '0007_committee_region_mongolian_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # the models as they stand in consultations, on its tables (nothing done in the database)
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Showcase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=60, verbose_name='标题')),
                        ('summary', models.CharField(help_text='列表和首页上显示的一两句话。', max_length=200, verbose_name='摘要')),
                        ('body', models.TextField(max_length=5000, verbose_name='正文')),
                        ('status', models.CharField(choices=[('draft', '未发布'), ('published', '已发布'), ('unpublished', '已撤下')], default='draft', max_length=16, verbose_name='状态')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='发布时间')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='showcases', to='liaison.activity', verbose_name='关联履职活动')),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='showcases', to='org.committee', verbose_name='所属政协')),
                        ('consultation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='showcases', to='consultations.consultation', verbose_name='关联协商活动')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撰写人')),
                        ('lecture_order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='showcases', to='lectures.lectureorder', verbose_name='关联委员讲堂')),
                        ('opinion', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='showcases', to='opinions.opinion', verbose_name='关联社情民意')),
                        ('outcome', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='showcases', to='consultations.outcome', verbose_name='关联协商成果')),
                    ],
                    options={
                        'db_table': 'consultations_showcase',
                        'verbose_name': '典型经验',
                        'verbose_name_plural': '典型经验',
                        'ordering': ['-published_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ShowcaseEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, max_length=16, verbose_name='原状态')),
                        ('to_status', models.CharField(blank=True, max_length=16, verbose_name='新状态')),
                        ('comment', models.TextField(blank=True, verbose_name='说明')),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
                        ('kind', models.CharField(choices=[('created', '撰写'), ('edited', '修改'), ('published', '发布'), ('unpublished', '撤下')], max_length=20, verbose_name='事件')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('showcase', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='showcases.showcase')),
                    ],
                    options={
                        'db_table': 'consultations_showcaseevent',
                        'verbose_name': '典型经验记录',
                        'verbose_name_plural': '典型经验记录',
                        'ordering': ['created_at', 'pk'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ShowcasePhoto',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(editable=False, max_length=32, unique=True)),
                        ('original_name', models.CharField(max_length=120, verbose_name='文件名')),
                        ('content_type', models.CharField(max_length=40)),
                        ('size', models.PositiveIntegerField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('file', models.FileField(max_length=200, upload_to=showcases.models.showcase_photo_path)),
                        ('showcase', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='showcases.showcase')),
                    ],
                    options={
                        'db_table': 'consultations_showcasephoto',
                        'verbose_name': '典型经验照片',
                        'verbose_name_plural': '典型经验照片',
                        'ordering': ['pk'],
                        'abstract': False,
                    },
                ),
                migrations.AddIndex(
                    model_name='showcase',
                    index=models.Index(fields=['status', '-published_at'], name='consultatio_status_f87572_idx'),
                ),
                migrations.AddConstraint(
                    model_name='showcase',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'published', 'unpublished'])), name='showcase_status_valid'),
                ),
            ],
        ),
        # then the tables and indexes take this app's names
        migrations.AlterModelTable(name='showcase', table=None),
        migrations.AlterModelTable(name='showcaseevent', table=None),
        migrations.AlterModelTable(name='showcasephoto', table=None),
        migrations.RenameIndex(model_name='showcase', new_name='showcases_s_status_0e05b2_idx', old_name='consultatio_status_f87572_idx'),
        migrations.RunPython(content_types_moved, content_types_back),
    ]
