"""委员讲堂 moves out of consultations (ADR 0018): its models are taken over as they are, on
consultations' tables, then the tables and indexes are renamed to this app's. Existing rows
stay; consultations 0005 drops the models from its own state."""


import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models



APP = "lectures"
MODELS = ("lectureordersequence", "lectureoffering", "lectureofferingevent", "lectureorder", "lectureorderevent")

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


TASKS = {
    "consultations.tasks.lecture_reminder_task": "lectures.tasks.lecture_reminder_task",
    "consultations.tasks.lecture_requesters_anonymise_task": (
        "lectures.tasks.lecture_requesters_anonymise_task"
    ),
}


def beat_tasks_moved(apps, schema_editor):
    """Beat's rows (core.beat keeps them, admin edits included) name the tasks' new module."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in TASKS.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def beat_tasks_back(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in TASKS.items():
        PeriodicTask.objects.filter(task=new).update(task=old)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('consultations', '0004_event_departments'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
        ('liaison', '0008_activity_origin'),
        ('members', '0004_member_sort_key'),
        ('org', '0007_committee_region_mongolian_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # the models as they stand in consultations, on its tables (nothing done in the database)
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LectureOrderSequence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True)),
                        ('last', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'consultations_lectureordersequence',
                        'verbose_name': '讲堂订单编号',
                        'verbose_name_plural': '讲堂订单编号',
                    },
                ),
                migrations.CreateModel(
                    name='LectureOffering',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=60, verbose_name='讲题')),
                        ('field', models.CharField(choices=[('education', '教育'), ('science', '科技'), ('culture', '文化'), ('health', '卫生'), ('law', '法律'), ('ecology', '生态'), ('economy', '经济'), ('other', '其他')], max_length=16, verbose_name='领域')),
                        ('audience', models.CharField(help_text='例如：社区居民、中小学生、企业职工。', max_length=60, verbose_name='适合对象')),
                        ('length_minutes', models.PositiveSmallIntegerField(default=60, verbose_name='时长（分钟）')),
                        ('description', models.TextField(max_length=1000, verbose_name='内容简介')),
                        ('status', models.CharField(choices=[('draft', '草稿'), ('submitted', '待审核'), ('approved', '已上架'), ('rejected', '未通过'), ('withdrawn', '已下架')], default='draft', max_length=16, verbose_name='状态')),
                        ('reject_reason', models.CharField(blank=True, max_length=200, verbose_name='未通过原因')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='上架时间')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lecture_offerings', to='org.committee', verbose_name='所属政协')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lecture_offerings', to='members.member', verbose_name='主讲委员')),
                    ],
                    options={
                        'db_table': 'consultations_lectureoffering',
                        'verbose_name': '讲堂菜单',
                        'verbose_name_plural': '讲堂菜单',
                        'ordering': ['-approved_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='LectureOfferingEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, max_length=16, verbose_name='原状态')),
                        ('to_status', models.CharField(blank=True, max_length=16, verbose_name='新状态')),
                        ('comment', models.TextField(blank=True, verbose_name='说明')),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
                        ('kind', models.CharField(choices=[('created', '创建'), ('submitted', '提交审核'), ('approved', '审核上架'), ('rejected', '审核未通过'), ('withdrawn', '下架')], max_length=20, verbose_name='事件')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('offering', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='lectures.lectureoffering')),
                    ],
                    options={
                        'db_table': 'consultations_lectureofferingevent',
                        'verbose_name': '讲堂菜单记录',
                        'verbose_name_plural': '讲堂菜单记录',
                        'ordering': ['created_at', 'pk'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='LectureOrder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True, verbose_name='订单号')),
                        ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('topic', models.CharField(blank=True, help_text='菜单里没有合适的讲题时填写。', max_length=60, verbose_name='希望讲的题目')),
                        ('field', models.CharField(choices=[('education', '教育'), ('science', '科技'), ('culture', '文化'), ('health', '卫生'), ('law', '法律'), ('ecology', '生态'), ('economy', '经济'), ('other', '其他')], max_length=16, verbose_name='领域')),
                        ('requester_kind', models.CharField(choices=[('community', '社区'), ('village', '嘎查村'), ('enterprise', '企业'), ('school', '学校'), ('window', '服务窗口'), ('other', '其他')], max_length=16, verbose_name='单位类型')),
                        ('organisation', models.CharField(max_length=60, verbose_name='单位名称')),
                        ('contact_name', models.CharField(max_length=40, verbose_name='联系人')),
                        ('contact_phone', models.CharField(max_length=11, validators=[django.core.validators.RegexValidator('^1[3-9]\\d{9}$', '请输入11位中国大陆手机号码，例如 13800000000。')], verbose_name='联系电话')),
                        ('place', models.CharField(max_length=120, verbose_name='授课地点')),
                        ('audience_size', models.PositiveIntegerField(verbose_name='预计听众人数')),
                        ('preferred_dates', models.CharField(help_text='例如：6月中旬的周末，或 6月18日上午。', max_length=100, verbose_name='希望的时间')),
                        ('notes', models.TextField(blank=True, max_length=500, verbose_name='其他说明')),
                        ('consent', models.BooleanField(default=False, verbose_name='同意个人信息处理告知')),
                        ('flags', models.JSONField(blank=True, default=list, verbose_name='风险标记')),
                        ('dedupe_token', models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True)),
                        ('status', models.CharField(choices=[('new', '待派单'), ('dispatched', '待接单'), ('accepted', '已接单'), ('scheduled', '已约定时间'), ('delivered', '已授课'), ('rated', '已评价'), ('cancelled', '已取消')], default='new', max_length=16, verbose_name='状态')),
                        ('dispatched_at', models.DateTimeField(blank=True, null=True, verbose_name='派单时间')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='接单时间')),
                        ('decline_reason', models.CharField(blank=True, max_length=200, verbose_name='婉拒原因')),
                        ('agreed_on', models.DateField(blank=True, null=True, verbose_name='约定日期')),
                        ('agreed_time', models.CharField(blank=True, max_length=30, verbose_name='约定时间')),
                        ('delivered_on', models.DateField(blank=True, null=True, verbose_name='授课日期')),
                        ('people_reached', models.PositiveIntegerField(blank=True, null=True, verbose_name='实际听众人数')),
                        ('delivery_summary', models.TextField(blank=True, max_length=1000, verbose_name='授课情况')),
                        ('rating', models.CharField(blank=True, choices=[('satisfied', '满意'), ('fairly', '基本满意'), ('unsatisfied', '不满意')], max_length=16, verbose_name='评价')),
                        ('rating_comment', models.CharField(blank=True, max_length=300, verbose_name='评价意见')),
                        ('rated_at', models.DateTimeField(blank=True, null=True, verbose_name='评价时间')),
                        ('cancel_reason', models.CharField(blank=True, max_length=200, verbose_name='取消原因')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='下单时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('activity', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lecture_order', to='liaison.activity', verbose_name='履职活动')),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lecture_orders', to='org.committee', verbose_name='受理政协')),
                        ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lecture_orders', to='members.member', verbose_name='授课委员')),
                        ('offering', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='lectures.lectureoffering', verbose_name='所点讲题')),
                    ],
                    options={
                        'db_table': 'consultations_lectureorder',
                        'verbose_name': '讲堂订单',
                        'verbose_name_plural': '讲堂订单',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='LectureOrderEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, max_length=16, verbose_name='原状态')),
                        ('to_status', models.CharField(blank=True, max_length=16, verbose_name='新状态')),
                        ('comment', models.TextField(blank=True, verbose_name='说明')),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
                        ('kind', models.CharField(choices=[('created', '下单'), ('dispatched', '派单'), ('accepted', '接单'), ('declined', '婉拒'), ('scheduled', '约定时间'), ('delivered', '授课完成'), ('rated', '评价'), ('cancelled', '取消'), ('withdrawn', '群众撤单')], max_length=20, verbose_name='事件')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='lectures.lectureorder')),
                    ],
                    options={
                        'db_table': 'consultations_lectureorderevent',
                        'verbose_name': '讲堂订单记录',
                        'verbose_name_plural': '讲堂订单记录',
                        'ordering': ['created_at', 'pk'],
                        'abstract': False,
                    },
                ),
                migrations.AddIndex(
                    model_name='lectureoffering',
                    index=models.Index(fields=['status', 'committee', 'field'], name='consultatio_status_00da74_idx'),
                ),
                migrations.AddIndex(
                    model_name='lectureoffering',
                    index=models.Index(fields=['member', 'status'], name='consultatio_member__e10865_idx'),
                ),
                migrations.AddConstraint(
                    model_name='lectureoffering',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'])), name='lectureoffering_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='lectureoffering',
                    constraint=models.CheckConstraint(condition=models.Q(('length_minutes__gte', 15), ('length_minutes__lte', 480)), name='lectureoffering_length_valid'),
                ),
                migrations.AddIndex(
                    model_name='lectureorder',
                    index=models.Index(fields=['committee', 'status', '-created_at'], name='consultatio_committ_1a99c0_idx'),
                ),
                migrations.AddIndex(
                    model_name='lectureorder',
                    index=models.Index(fields=['member', 'status'], name='consultatio_member__d83332_idx'),
                ),
                migrations.AddIndex(
                    model_name='lectureorder',
                    index=models.Index(fields=['status', 'dispatched_at'], name='consultatio_status_47e5d7_idx'),
                ),
                migrations.AddConstraint(
                    model_name='lectureorder',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['new', 'dispatched', 'accepted', 'scheduled', 'delivered', 'rated', 'cancelled'])), name='lectureorder_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='lectureorder',
                    constraint=models.CheckConstraint(condition=models.Q(('rating__in', ['', 'satisfied', 'fairly', 'unsatisfied'])), name='lectureorder_rating_valid'),
                ),
            ],
        ),
        # then the tables and indexes take this app's names
        migrations.AlterModelTable(name='lectureordersequence', table=None),
        migrations.AlterModelTable(name='lectureoffering', table=None),
        migrations.AlterModelTable(name='lectureofferingevent', table=None),
        migrations.AlterModelTable(name='lectureorder', table=None),
        migrations.AlterModelTable(name='lectureorderevent', table=None),
        migrations.RenameIndex(model_name='lectureoffering', new_name='lectures_le_status_873e90_idx', old_name='consultatio_status_00da74_idx'),
        migrations.RenameIndex(model_name='lectureoffering', new_name='lectures_le_member__237973_idx', old_name='consultatio_member__e10865_idx'),
        migrations.RenameIndex(model_name='lectureorder', new_name='lectures_le_committ_a202f6_idx', old_name='consultatio_committ_1a99c0_idx'),
        migrations.RenameIndex(model_name='lectureorder', new_name='lectures_le_member__663686_idx', old_name='consultatio_member__d83332_idx'),
        migrations.RenameIndex(model_name='lectureorder', new_name='lectures_le_status_a60fdb_idx', old_name='consultatio_status_47e5d7_idx'),
        migrations.RunPython(content_types_moved, content_types_back),
        migrations.RunPython(beat_tasks_moved, beat_tasks_back),
    ]
