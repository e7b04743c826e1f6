"""Seed a PostgreSQL database at benchmark size: ≥ 1,000,000 opinions with their events,
forwardings, replies, bulletins and leader instructions, ≥ 500,000 liaison activities with their
participants and events, and the performance facts and ledger those imply.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ordos_bench \\
        .venv/bin/python bench/seed.py [--opinions 1000000] [--activities 500000] [--reset]

The database is created if it does not exist (default: the URL above). The script first runs
``migrate``, ``load_reference_data`` and ``load_demo_data --if-empty`` (the demo accounts staff,
leader, dept, member… with password Ordos@2026), adds a few staff accounts per committee, then
bulk-adds rows on top with ``INSERT … SELECT`` from ``generate_series`` (minutes, not hours),
rebuilds the ledger of each seeded year (``rebuild_ledger``, skip with ``--no-ledger``) and ends
with ``VACUUM ANALYZE``. It prints the row counts and the time each step took.

Realistic shape, deterministic for a given ``--seed``: the ten committees in proportion to their
size (the municipal committee ~19%), three years of dates with more items recently, each
opinion's status following its age (recent ones still under review, old ones decided, forwarded,
replied, closed) and its events following its status path (~4.9 per opinion), forwardings to the
committee's departments (~0.44 per opinion) with the departments' steps, Chinese titles and
contents combined from fragments (2-character words such as 教育, 停车, 供暖 appear in a realistic
share of them). Tracking codes are unique and in the format the app issues (``JY-2026-000123``),
numbered per year after the demo data's, and ``TrackingSequence`` is moved past them. Every seeded
opinion answers to the demo lookup key (``DEMO0-00000``) as hashed with this run's SECRET_KEY.

Only explicit columns are inserted and no index is named, so the script keeps working after
migrations that add indexes or generated columns; a new NOT NULL column without a database
default that it does not fill is reported before anything is written.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ordos_bench"

# --- shape ---------------------------------------------------------------------------------
# Share of opinions and activities per committee code (the municipal committee takes the items
# of the whole city; the big banners more than the small ones). Unknown codes get 5.
COMMITTEE_WEIGHTS = {
    "ordos": 19,
    "dongsheng": 16,
    "kangbashi": 5,
    "dalate": 11,
    "zhungeer": 12,
    "etuokeqian": 5,
    "etuoke": 7,
    "hangjin": 5,
    "wushen": 7,
    "yijinhuoluo": 13,
}
CHANNEL_WEIGHTS = [
    ("web", 30),
    ("mailbox", 12),
    ("member", 22),
    ("grid", 8),
    ("duty", 6),
    ("meeting", 3),
    ("phone", 10),
    ("letter", 5),
    ("wechat", 4),
]
STAFF_CHANNELS = ("grid", "duty", "meeting", "phone", "letter", "wechat")
# status by age band: fresh (< 7 days), recent (< 45 days), old
STATUS_BY_AGE = {
    "fresh": [
        ("submitted", 55),
        ("under_review", 35),
        ("returned", 3),
        ("adopted", 4),
        ("not_adopted", 3),
    ],
    "recent": [
        ("submitted", 6),
        ("under_review", 14),
        ("returned", 2),
        ("not_adopted", 18),
        ("merged", 5),
        ("adopted", 18),
        ("compiled", 5),
        ("forwarded", 30),
        ("replied", 2),
    ],
    "old": [
        ("submitted", 1),
        ("under_review", 1),
        ("returned", 1),
        ("not_adopted", 34),
        ("merged", 8),
        ("adopted", 14),
        ("compiled", 2),
        ("forwarded", 6),
        ("replied", 8),
        ("closed", 25),
    ],
}
NOT_ADOPTED_REASONS = [
    ("petition", 20),
    ("litigation", 5),
    ("personnel", 5),
    ("secret", 1),
    ("privacy", 4),
    ("unclear", 30),
    ("duplicate", 25),
    ("other", 10),
]
CATEGORY_WEIGHTS = {
    "城乡建设": 18,
    "民生保障": 15,
    "教育": 11,
    "医疗卫生": 10,
    "生态环境": 9,
    "社会治理": 9,
    "经济发展": 8,
    "农牧业": 8,
    "文化旅游": 5,
    "民族团结": 3,
    "其他": 4,
}
SUBJECTS = {
    "城乡建设": [
        "老旧小区加装电梯推进缓慢",
        "小区周边停车位严重不足",
        "冬季供暖温度不达标",
        "雨污管网改造后路面未恢复",
        "背街小巷路灯损坏长期未修",
        "农村危房改造进度慢",
        "公共停车场收费不规范",
        "集中供暖管网老化跑冒滴漏",
        "物业服务质量差收费高",
        "高层住宅自来水水压不足",
        "新建小区配套学校和停车场未同步建设",
    ],
    "教育": [
        "学校周边上下学时段交通拥堵",
        "牧区寄宿制学校生活设施老旧",
        "课后服务收费标准不统一",
        "城区学校大班额问题",
        "学前教育学位紧张",
        "职业教育与产业需求脱节",
        "乡村教师流失严重",
        "特殊教育资源不足",
        "校外培训机构监管不到位",
        "中小学生午餐营养保障",
    ],
    "医疗卫生": [
        "嘎查村卫生室缺少常驻医生",
        "异地就医结算手续繁琐",
        "基层医院儿科医生紧缺",
        "慢性病长处方政策落实不到位",
        "医保报销比例偏低",
        "急救车辆响应时间长",
        "中蒙医特色专科发展缓慢",
        "家庭医生签约服务流于形式",
    ],
    "生态环境": [
        "矿区道路运煤车辆扬尘污染",
        "沙化草原治理后管护不到位",
        "黄河岸线垃圾清理不及时",
        "城区餐饮油烟扰民",
        "工业园区异味扰民",
        "农村生活污水直排",
        "禁牧休牧补助发放不及时",
        "城市绿化带缺水养护",
    ],
    "农牧业": [
        "牧草收购价格波动大",
        "农机购置补贴发放慢",
        "羊绒销售渠道单一",
        "高标准农田后期管护缺位",
        "农牧民贷款难",
        "畜牧业保险覆盖面窄",
        "农畜产品冷链物流短板",
        "灌溉用水调度不合理",
    ],
    "民生保障": [
        "高龄津贴申领流程复杂",
        "社区养老服务站利用率低",
        "灵活就业人员参保意识不强",
        "残疾人就业帮扶措施不够",
        "养老机构护理人员短缺",
        "困难群众临时救助门槛高",
        "公租房分配不透明",
        "高校毕业生就业服务不足",
        "冬季取暖补贴发放不及时",
    ],
    "经济发展": [
        "中小微企业融资难融资贵",
        "政务服务事项跨部门办理慢",
        "个体工商户经营成本偏高",
        "煤炭企业转型升级缓慢",
        "招商引资项目落地难",
        "民营企业账款拖欠",
        "夜间经济配套不足",
    ],
    "社会治理": [
        "物业纠纷调解渠道不畅",
        "网格员待遇偏低队伍不稳",
        "电动自行车楼道充电隐患",
        "小区停车纠纷频发",
        "外卖骑手交通安全隐患",
        "老旧小区消防通道堵塞",
        "社区工作者负担过重",
    ],
    "文化旅游": [
        "景区旅游厕所等配套设施不足",
        "蒙古族非遗项目传承人断档",
        "乡村文化活动室闲置",
        "旅游旺季交通停车困难",
        "公共图书馆开放时间短",
        "全民健身场地不足",
    ],
    "民族团结": [
        "政务窗口蒙汉双语服务不足",
        "民族团结进步教育进社区形式单一",
        "蒙古语授课学校师资短缺",
        "少数民族传统体育项目推广难",
    ],
    "其他": [
        "公交线路调整未充分征求意见",
        "公共场所无障碍设施不完善",
        "出租车拒载议价",
        "快递末端网点乱收费",
        "城乡客运班次减少",
    ],
}
TITLE_FORMS = [
    "关于{place}{subject}的建议",
    "关于解决{place}{subject}问题的建议",
    "{place}{subject}亟待解决",
    "建议重视{place}{subject}",
    "关于{subject}的意见",
]
SITUATIONS = [
    "近期多位群众反映，{place}{subject}，已经影响到日常生活。",
    "经走访了解，{place}{subject}的问题存在已久，涉及约{n}户群众，意见较大。",
    "{place}居民多次向社区反映{subject}，至今未得到有效解决。",
    "今年以来，{place}{subject}的情况较为突出，{n}余名群众联名反映。",
    "据{place}群众反映，{subject}，给生产生活带来不便。",
]
CONTEXTS = [
    "",
    "",
    "",
    "",
    "",
    "这一问题在冬季供暖期间尤为突出。",
    "不少家长担心影响孩子上学和教育质量。",
    "早晚高峰时段停车难、行车难的问题更加明显。",
    "老年人和残疾人群体受影响最大。",
    "群众普遍关心就业、养老、医疗等民生问题能否统筹解决。",
    "牧区群众居住分散，办事往返路途遥远。",
    "相关情况已经向苏木乡镇反映过，但答复不够明确。",
]
ANALYSES = [
    "主要原因是相关部门职责交叉、资金渠道不明确，日常管护缺乏长效机制。",
    "问题根源在于前期规划考虑不足，后期投入有限，群众参与渠道不畅。",
    "一方面政策宣传不到位，另一方面基层执行力量薄弱，监督考核不够严格。",
    "随着城镇化推进，人口快速集聚，公共服务供给跟不上需求增长。",
]
SUGGESTIONS = [
    "建议由主管部门牵头，明确责任分工，列出问题清单和整改时限，并向群众公开进展。",
    "建议加大财政投入，引入社会资本参与，同时建立群众监督评议机制。",
    "建议开展专项调研，分类施策，先在条件成熟的苏木乡镇试点，再逐步推广。",
    "建议完善相关制度，简化办事流程，推行一次办、网上办，切实减轻群众负担。",
]
REPLIES = [
    "经研究，该问题已列入今年工作计划，计划于年底前完成整改，届时将向社会公布。",
    "我单位已会同属地苏木乡镇进行现场核查，已安排专项资金予以解决。",
    "该建议对改进工作很有参考价值，受资金和政策条件所限，暂时无法全部实施，我们将积极争取上级支持。",
    "已责成相关科室制定整改方案，明确时限，并将在一个月内向反映人反馈办理情况。",
]
ACTIVITY_STATUS_BY_AGE = {
    "recent": [("confirmed", 50), ("submitted", 35), ("draft", 10), ("returned", 5)],
    "old": [("confirmed", 92), ("submitted", 3), ("draft", 3), ("returned", 2)],
}
ACTIVITY_SUMMARIES = [
    "委员们深入{place}，与群众面对面交流，听取意见建议{n}条，现场解答政策咨询。",
    "活动围绕{topic}展开，委员们认真记录群众诉求，对能够当场解决的问题及时协调解决。",
    "在{place}召开座谈会，群众代表踊跃发言，委员们就{topic}问题进行了深入交流。",
    "委员们走访{place}困难家庭和基层单位，了解{topic}方面的实际情况，收集问题线索。",
]
ACTIVITY_OUTCOMES = [
    "",
    "形成社情民意信息1篇，已报送政协机关。",
    "协调解决群众急难愁盼问题{n}件。",
    "梳理问题清单，转交有关部门研究办理。",
]


def _parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opinions", type=int, default=1_000_000, help="opinions to add")
    parser.add_argument("--activities", type=int, default=500_000, help="activities to add")
    parser.add_argument("--years", type=float, default=3.0, help="span of the dates (years)")
    parser.add_argument("--seed", type=float, default=0.2021, help="random seed in [-1, 1]")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_URL),
        help="PostgreSQL URL (default: $DATABASE_URL or %(default)s)",
    )
    parser.add_argument(
        "--reset", action="store_true", help="drop and re-create the database first"
    )
    parser.add_argument(
        "--no-ledger", action="store_true", help="skip rebuild_ledger of the seeded years"
    )
    parser.add_argument(
        "--force", action="store_true", help="add rows even if the database is already seeded"
    )
    args = parser.parse_args(argv)
    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        parser.error("the seed is for PostgreSQL: --database-url postgres://…")
    if not -1 <= args.seed <= 1:
        parser.error("--seed must be between -1 and 1 (PostgreSQL setseed)")
    return args


def ensure_database(url: str, *, reset: bool) -> None:
    """Create the database (drop it first with ``reset``), connecting to ``postgres``."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        if reset:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    conn.close()


def weighted_case(expr: str, weights) -> str:
    """A SQL CASE choosing a value by cumulative share of ``expr`` (a random in [0, 1))."""
    total = sum(w for _, w in weights)
    parts, acc = [], 0.0
    for value, weight in weights[:-1]:
        acc += weight / total
        parts.append(f"WHEN {expr} < {acc:.6f} THEN '{value}'")
    return f"(CASE {' '.join(parts)} ELSE '{weights[-1][0]}' END)"


class Seeder:
    def __init__(self, args):
        from django.db import connection
        from django.utils import timezone

        self.args = args
        self.connection = connection
        self.now = timezone.now().replace(microsecond=0)
        self.timings: list[tuple[str, float, int]] = []

    # --- helpers ----------------------------------------------------------------------------
    def sql(self, label: str, statement: str, params=None) -> int:
        started = time.perf_counter()
        with self.connection.cursor() as cur:
            cur.execute(statement, params or {})
            rows = cur.rowcount
        if label and ("INSERT INTO" in statement or "CREATE UNLOGGED TABLE" in statement):
            # fresh rows have no statistics: the next statement's plan needs them
            table = statement.split("INSERT INTO" if "INSERT INTO" in statement else "TABLE")[1]
            with self.connection.cursor() as cur:
                cur.execute(f"ANALYZE {table.split()[0]}")
        elapsed = time.perf_counter() - started
        if label:
            self.timings.append((label, elapsed, rows))
            print(f"  {label:<44}{rows:>12,} rows {elapsed:>8.1f} s", flush=True)
        return rows

    def scalar(self, statement: str, params=None):
        with self.connection.cursor() as cur:
            cur.execute(statement, params or {})
            return cur.fetchone()[0]

    def next_id(self, table: str) -> int:
        return int(self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")) + 1

    def sync_sequence(self, table: str) -> None:
        self.sql(
            "",
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
        )

    def check_columns(self, table: str, filled: set[str]) -> None:
        """Fail early if a later migration added a NOT NULL column without a database default
        that this script does not fill (generated and identity columns fill themselves)."""
        with self.connection.cursor() as cur:
            cur.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s "
                "AND is_nullable = 'NO' AND column_default IS NULL "
                "AND is_identity = 'NO' AND is_generated = 'NEVER'",
                [table],
            )
            missing = sorted({row[0] for row in cur.fetchall()} - filled)
        if missing:
            sys.exit(
                f"{table}: NOT NULL column(s) without a default the seed does not fill: "
                f"{', '.join(missing)} — teach bench/seed.py what to put there."
            )

    # --- reference rows ---------------------------------------------------------------------
    def ensure_staff(self) -> None:
        """Three staff accounts per committee (the demo has them for three committees only);
        unusable passwords: they are the actors of seeded events, nobody logs in as them."""
        from accounts.models import User
        from org.models import Committee

        made = []
        for committee in Committee.objects.order_by("order"):
            have = User.objects.filter(committee=committee, role=User.Role.STAFF).count()
            for i in range(have, 3):
                user = User(
                    username=f"bench_staff_{committee.code}_{i}",
                    name=f"{committee.short_name}工作人员{i + 1}",
                    role=User.Role.STAFF,
                    committee=committee,
                )
                user.set_unusable_password()
                made.append(user)
        User.objects.bulk_create(made)
        print(f"  staff accounts added: {len(made)}")

    def build_picks(self) -> None:
        """Staging tables: the committees with their weights, and per committee the rows the
        seed picks from at random (staff, members, departments, regions, workstations, member
        groups), numbered 0…n-1 in random order."""
        from opinions.models import Category

        args = self.args
        self.sql("", "DROP SCHEMA IF EXISTS bench_seed CASCADE")
        self.sql("", "CREATE SCHEMA bench_seed")
        self.sql("", "SELECT setseed(%(s)s)", {"s": args.seed})
        with self.connection.cursor() as cur:
            cur.execute('SELECT id, code FROM org_committee ORDER BY "order", id')
            committees = cur.fetchall()
        total = sum(COMMITTEE_WEIGHTS.get(code, 5) for _, code in committees)
        acc, rows = 0.0, []
        for cid, code in committees:
            share = COMMITTEE_WEIGHTS.get(code, 5) / total
            rows.append(f"({cid}, {acc:.6f}, {acc + share:.6f})")
            acc += share
        rows[-1] = rows[-1].rsplit(",", 1)[0] + ", 1.000001)"
        self.sql(
            "",
            "CREATE UNLOGGED TABLE bench_seed.cw AS SELECT v.cid, v.lo, v.hi, c.level = "
            "'municipal' AS municipal, c.short_name, c.name AS committee_name FROM (VALUES "
            + ", ".join(rows)
            + ") v(cid, lo, hi) JOIN org_committee c ON c.id = v.cid",
        )
        picks = {
            "staff": "SELECT committee_id, id, COALESCE(NULLIF(name, ''), username) FROM "
            "accounts_user WHERE role = 'staff' AND is_active AND committee_id IS NOT NULL",
            "member": "SELECT committee_id, id, name FROM members_member WHERE status = 'active'",
            "dept": "SELECT committee_id, id, name FROM org_department WHERE is_active",
            # the municipal committee's items may concern any 苏木/嘎查 of the city
            "region": "SELECT c.id, r.id, r.name FROM org_region r JOIN org_committee c "
            "ON c.id = r.committee_id OR c.level = 'municipal' WHERE r.level <> 'banner'",
            "ws": "SELECT committee_id, id, name FROM workstations_workstation",
            "group": "SELECT committee_id, id, name FROM members_membergroup",
        }
        union = " UNION ALL ".join(
            f"SELECT '{kind}'::text AS kind, s.* FROM ({q}) s(cid, ref, label)"
            for kind, q in picks.items()
        )
        self.sql(
            "",
            "CREATE UNLOGGED TABLE bench_seed.pick AS SELECT kind, cid, ref, label, "
            "(row_number() OVER (PARTITION BY kind, cid ORDER BY random()) - 1)::int AS idx "
            f"FROM ({union}) u",
        )
        self.sql("", "CREATE INDEX ON bench_seed.pick (kind, cid, idx)")
        for kind in picks:
            self.sql("", f"ALTER TABLE bench_seed.cw ADD COLUMN n_{kind} int")
            self.sql(
                "",
                f"UPDATE bench_seed.cw SET n_{kind} = (SELECT count(*) FROM bench_seed.pick p "
                f"WHERE p.kind = '{kind}' AND p.cid = cw.cid)",
            )
        # categories with their weights and subjects
        categories = dict(Category.objects.values_list("name", "id"))
        cats = [(name, w) for name, w in CATEGORY_WEIGHTS.items() if name in categories]
        total = sum(w for _, w in cats)
        acc = 0.0
        ranges: list[tuple[int, float, float, int]] = []
        subjects: list[tuple[int, int, str]] = []
        for name, weight in cats:
            ranges.append((categories[name], acc, acc + weight / total, len(SUBJECTS[name])))
            acc += weight / total
            subjects += [(categories[name], i, s) for i, s in enumerate(SUBJECTS[name])]
        ranges[-1] = (*ranges[-1][:2], 1.000001, ranges[-1][3])
        self.sql("", "CREATE UNLOGGED TABLE bench_seed.cat (cat bigint, lo float, hi float, n int)")
        self.sql("", "CREATE UNLOGGED TABLE bench_seed.subject (cat bigint, idx int, subject text)")
        with self.connection.cursor() as cur:
            cur.executemany("INSERT INTO bench_seed.cat VALUES (%s, %s, %s, %s)", ranges)
            cur.executemany("INSERT INTO bench_seed.subject VALUES (%s, %s, %s)", subjects)

    # --- opinions ---------------------------------------------------------------------------
    def seed_opinions(self) -> None:
        from django.conf import settings

        from opinions.demo import DEMO_KEY
        from opinions.demo import intake as opinion_demo
        from opinions.lookup_keys import hash_key

        args = self.args
        span = datetime.timedelta(days=365.25 * args.years)
        p = {
            "n": args.opinions,
            "now": self.now,
            "span": span,
            "titles": TITLE_FORMS,
            "situations": SITUATIONS,
            "contexts": CONTEXTS,
            "analyses": ANALYSES,
            "suggestions": SUGGESTIONS,
            "replies": REPLIES,
            # The demo data's names (opinions.demo.intake, importable once Django is set up).
            "surnames": list(opinion_demo.SURNAMES),
            "given": opinion_demo.GIVEN,
            "key_hash": hash_key(DEMO_KEY),
            "consent": settings.PRIVACY_NOTICE_VERSION,
            "review_days": 7,  # 5 working days
            "forward_days": settings.FORWARDING_DEFAULT_DAYS,
        }
        status_case = (
            "CASE WHEN age < interval '7 days' THEN "
            + weighted_case("u_s", STATUS_BY_AGE["fresh"])
            + " WHEN age < interval '45 days' THEN "
            + weighted_case("u_s", STATUS_BY_AGE["recent"])
            + " ELSE "
            + weighted_case("u_s", STATUS_BY_AGE["old"])
            + " END"
        )
        # 1. random draws and the committee, time, channel, status
        self.sql(
            "opinions: draws",
            f"""
            CREATE UNLOGGED TABLE bench_seed.op1 AS
            SELECT d.*, cw.cid, cw.municipal, cw.short_name,
                   %(now)s::timestamptz - d.age AS submitted_at,
                   {weighted_case("d.u_ch", CHANNEL_WEIGHTS)} AS channel
            FROM (
                SELECT g AS n, random() AS u_c, random() AS u_s, random() AS u_ch,
                       random() AS u_cat, random() AS u_top, random() AS u_reg, random() AS u_ws,
                       random() AS u_staff, random() AS u_mem, random() AS u_nm,
                       random() AS u_anon, random() AS u_lvl, random() AS u_rsn,
                       random() AS u_a, random() AS u_b, random() AS u_c2, random() AS u_d,
                       random() AS u_e, random() AS u_f, random() AS u_g, random() AS u_h,
                       (1 - sqrt(random())) * %(span)s::interval AS age
                FROM generate_series(1, %(n)s) g
            ) d
            JOIN bench_seed.cw ON d.u_c >= cw.lo AND d.u_c < cw.hi
            """,
            p,
        )
        self.sql("", "ALTER TABLE bench_seed.op1 ADD COLUMN status text")
        self.sql("", f"UPDATE bench_seed.op1 SET status = {status_case}")
        # returned is for members' items only
        self.sql(
            "",
            "UPDATE bench_seed.op1 SET status = 'under_review' "
            "WHERE status = 'returned' AND channel <> 'member'",
        )
        level_banner = weighted_case(
            "u_lvl", [("banner", 55), ("municipal", 35), ("region", 9), ("national", 1)]
        )
        level_city = weighted_case("u_lvl", [("municipal", 80), ("region", 18), ("national", 2)])
        satisfaction = weighted_case(
            "u_f", [("satisfied", 65), ("basically", 25), ("unsatisfied", 10)]
        )
        family = "('adopted', 'compiled', 'forwarded', 'replied', 'closed')"
        forwarded_family = "('forwarded', 'replied', 'closed')"
        # 2. everything else of the opinion, with the times of each step of its path
        self.sql(
            "opinions: rows",
            f"""
            CREATE UNLOGGED TABLE bench_seed.op2 AS
            SELECT o.*,
                   (row_number() OVER (ORDER BY o.submitted_at, o.n))::bigint AS rank,
                   cat.cat AS category_id,
                   s.subject,
                   rg.ref AS region_id,
                   COALESCE(rg.label, CASE WHEN o.municipal THEN '市区' ELSE o.short_name END)
                       AS place,
                   CASE WHEN o.channel = 'mailbox' AND o.u_ws < 0.5 THEN ws.ref END
                       AS workstation_id,
                   CASE WHEN o.status NOT IN ('submitted') THEN st.ref END AS assignee_id,
                   st.label AS assignee_name,
                   CASE WHEN o.channel = 'member' THEN mb.ref END AS author_id,
                   CASE WHEN o.channel IN {STAFF_CHANNELS} THEN st.ref END AS created_by_id,
                   o.channel IN ('web', 'mailbox') AND o.u_anon < 0.15 AS is_anonymous,
                   o.status NOT IN ('submitted', 'under_review', 'returned', 'draft')
                       AS decided,
                   o.status IN {family} AS adopted_family,
                   o.status IN {forwarded_family} AS forwarded_family,
                   (o.status = 'compiled' OR (o.status IN {forwarded_family} AND o.u_a < 0.08))
                       AS is_compiled,
                   o.status = 'closed' AND o.u_b < 0.5 AS is_rated,
                   o.status IN {family} AND o.status <> 'adopted' AND o.u_c2 < 0.15 AS has_co,
                   o.status IN {forwarded_family} AND o.u_d < 0.02 AS has_withdrawn,
                   o.status IN {family} AND o.u_e < 0.02 AS has_instruction,
                   o.status <> 'submitted' AND (o.u_g < 0.4 OR o.status = 'under_review')
                       AS has_assign,
                   o.status = 'submitted' AND o.u_h < 0.08 AS is_spam,
                   o.u_h >= 0.99 AS needs_attention,
                   CASE WHEN o.status IN {family}
                        THEN CASE WHEN o.municipal THEN {level_city} ELSE {level_banner} END
                        ELSE '' END AS adoption_level,
                   CASE WHEN o.status = 'not_adopted'
                        THEN {weighted_case("o.u_rsn", NOT_ADOPTED_REASONS)} ELSE '' END
                       AS not_adopted_reason,
                   CASE WHEN o.status = 'closed' AND o.u_b < 0.5 THEN {satisfaction} ELSE '' END
                       AS satisfaction,
                   (%(surnames)s::text[])[1 + floor(o.u_nm * 1000)::int %% cardinality(%(surnames)s::text[])]
                       || (%(given)s::text[])[1 + floor(o.u_nm * 100000)::int %% cardinality(%(given)s::text[])] AS person,
                   '1' || (3 + floor(o.u_anon * 70)::int %% 7)::text
                       || lpad(floor(o.u_nm * 1e9)::bigint::text, 9, '0') AS phone,
                   floor(o.u_top * 200)::int + 3 AS households,
                   -- the path's times, each after the one before, never in the future
                   LEAST(o.submitted_at + (2 + o.u_a * 28) * interval '1 hour',
                         %(now)s::timestamptz - interval '20 minutes') AS t_assign,
                   LEAST(o.submitted_at + (2 + o.u_a * 28) * interval '1 hour'
                         + (0.1 + o.u_b * 5) * interval '1 day',
                         %(now)s::timestamptz - interval '15 minutes') AS t_decide
            FROM bench_seed.op1 o
            JOIN bench_seed.cat ON o.u_cat >= cat.lo AND o.u_cat < cat.hi
            JOIN bench_seed.subject s ON s.cat = cat.cat AND s.idx = floor(o.u_top * cat.n)::int
            JOIN bench_seed.cw c ON c.cid = o.cid
            LEFT JOIN bench_seed.pick rg ON rg.kind = 'region' AND rg.cid = o.cid
                AND o.u_reg < CASE WHEN o.municipal THEN 0.5 ELSE 0.8 END
                AND rg.idx = floor(o.u_reg * 1000)::int %% GREATEST(c.n_region, 1)
            LEFT JOIN bench_seed.pick ws ON ws.kind = 'ws' AND ws.cid = o.cid
                AND ws.idx = floor(o.u_ws * 1000)::int %% GREATEST(c.n_ws, 1)
            LEFT JOIN bench_seed.pick st ON st.kind = 'staff' AND st.cid = o.cid
                AND st.idx = floor(o.u_staff * c.n_staff)::int
            LEFT JOIN bench_seed.pick mb ON mb.kind = 'member' AND mb.cid = o.cid
                AND mb.idx = floor(o.u_mem * c.n_member)::int
            """,
            p,
        )
        self.sql("", "DROP TABLE bench_seed.op1")
        # members' items need an author; a committee without members gets none
        self.sql(
            "",
            "UPDATE bench_seed.op2 SET channel = 'web', status = CASE WHEN status = 'returned' "
            "THEN 'under_review' ELSE status END WHERE channel = 'member' AND author_id IS NULL",
        )
        base = self.next_id("opinions_opinion")
        # tracking codes continue each year's sequence (the demo data has some)
        self.sql(
            "",
            "CREATE UNLOGGED TABLE bench_seed.seq AS SELECT year, last FROM "
            "opinions_trackingsequence",
        )
        self.sql(
            "opinions: ids, codes, bulletin periods",
            f"""
            CREATE UNLOGGED TABLE bench_seed.op AS
            SELECT o.*, {base - 1} + o.rank AS id,
                   extract(year FROM o.submitted_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
                   -- when staff add the item to a bulletin (issued at the period's end)
                   CASE WHEN o.is_compiled THEN LEAST(o.t_decide
                        + (1 + o.u_c2 * 19) * interval '1 day',
                        %(now)s::timestamptz - interval '14 minutes') END AS t_added
            FROM bench_seed.op2 o
            """,
            p,
        )
        self.sql("", "DROP TABLE bench_seed.op2")
        self.sql(
            "",
            """
            ALTER TABLE bench_seed.op ADD COLUMN tracking_code text;
            UPDATE bench_seed.op o SET tracking_code = 'JY-' || o.year || '-' ||
                CASE WHEN x.num < 1000000 THEN lpad(x.num::text, 6, '0') ELSE x.num::text END
            FROM (SELECT op.id, COALESCE(s.last, 0)
                         + row_number() OVER (PARTITION BY op.year ORDER BY op.rank) AS num
                  FROM bench_seed.op op LEFT JOIN bench_seed.seq s ON s.year = op.year) x
            WHERE x.id = o.id
            """,
        )
        self.sql("", "CREATE UNIQUE INDEX ON bench_seed.op (id)")

        # 3. bulletins: per committee and fortnight, issues of up to 15 items added in it
        bulletin_base = self.next_id("opinions_bulletin")
        self.sql(
            "",
            """
            ALTER TABLE bench_seed.op ADD COLUMN b_year int, ADD COLUMN b_period int,
                ADD COLUMN b_slot int, ADD COLUMN bulletin_id bigint,
                ADD COLUMN t_compile timestamptz;
            UPDATE bench_seed.op o SET b_year = x.year, b_period = x.period,
                b_slot = x.slot
            FROM (
                SELECT g.id, g.year, g.period,
                       ((row_number() OVER (PARTITION BY g.cid, g.year, g.period
                                            ORDER BY g.t_added, g.id)) - 1)::int / 15 AS slot
                FROM (SELECT id, cid, t_added,
                             extract(year FROM t_added AT TIME ZONE 'Asia/Shanghai')::int
                                 AS year,
                             (extract(doy FROM t_added AT TIME ZONE 'Asia/Shanghai')::int - 1)
                                 / 14 AS period
                      FROM bench_seed.op WHERE is_compiled) g
            ) x
            WHERE x.id = o.id
            """,
        )
        self.sql(
            "bulletins: staging",
            f"""
            CREATE UNLOGGED TABLE bench_seed.bu AS
            SELECT {bulletin_base - 1} + row_number() OVER (ORDER BY max(o.t_added), o.cid,
                       o.b_year, o.b_period, o.b_slot) AS id,
                   o.cid, o.b_year AS year, o.b_period AS period, o.b_slot AS slot,
                   COALESCE((SELECT max(number) FROM opinions_bulletin b
                             WHERE b.committee_id = o.cid AND b.year = o.b_year), 0)
                     + dense_rank() OVER (PARTITION BY o.cid, o.b_year
                                          ORDER BY o.b_period, o.b_slot) AS number,
                   min(o.t_added) - interval '1 day' AS created_at,
                   LEAST(max(o.t_added) + interval '1 day',
                         %(now)s::timestamptz - interval '13 minutes') AS issued_at,
                   min(o.assignee_id) AS staff_id
            FROM bench_seed.op o
            WHERE o.is_compiled
            GROUP BY o.cid, o.b_year, o.b_period, o.b_slot
            """,
            p,
        )
        self.sql(
            "",
            """
            UPDATE bench_seed.op o SET bulletin_id = b.id, t_compile = b.issued_at
            FROM bench_seed.bu b
            WHERE o.is_compiled AND b.cid = o.cid AND b.year = o.b_year
              AND b.period = o.b_period AND b.slot = o.b_slot
            """,
        )
        # 4. the rest of the path: forwarding, the departments' steps, reply, rating, closing
        lead_status = weighted_case(
            "o.u_f",
            [
                ("new", 20),
                ("signed", 52),
                ("replied", 15),
                ("rejected", 5),
                ("return_requested", 8),
            ],
        )
        self.sql(
            "opinions: handling times",
            f"""
            ALTER TABLE bench_seed.op ADD COLUMN t_fwd timestamptz,
                ADD COLUMN t_sign timestamptz, ADD COLUMN t_reply timestamptz,
                ADD COLUMN t_accept timestamptz, ADD COLUMN t_rate timestamptz,
                ADD COLUMN t_close timestamptz, ADD COLUMN lead_status text,
                ADD COLUMN co_status text;
            UPDATE bench_seed.op o SET (t_fwd, t_sign, t_reply, t_accept, t_rate, t_close,
                                        lead_status, co_status) = (
                SELECT f.t, s.t, r.t, a.t,
                       CASE WHEN o.is_rated THEN LEAST(a.t + (1 + o.u_c2 * 13)
                            * interval '1 day', %(now)s::timestamptz - interval '8 minutes')
                       END,
                       CASE WHEN o.status = 'closed' THEN LEAST(a.t
                            + CASE WHEN o.is_rated THEN (1 + o.u_c2 * 13) ELSE 15 END
                              * interval '1 day', %(now)s::timestamptz - interval '8 minutes')
                       END,
                       CASE WHEN o.status <> 'forwarded' THEN 'accepted' ELSE {lead_status} END,
                       CASE WHEN o.has_co THEN CASE WHEN o.status <> 'forwarded'
                            THEN CASE WHEN o.u_g < 0.85 THEN 'accepted' ELSE 'replied' END
                            ELSE CASE WHEN o.u_g < 0.3 THEN 'new' ELSE 'signed' END END END
                FROM (SELECT LEAST(GREATEST(o.t_decide, o.t_compile)
                                   + (1 + o.u_d * 9) * interval '1 day',
                                   %(now)s::timestamptz - interval '12 minutes') AS t) f
                CROSS JOIN LATERAL (SELECT LEAST(f.t + (2 + o.u_e * 118) * interval '1 hour',
                                    %(now)s::timestamptz - interval '11 minutes') AS t) s
                CROSS JOIN LATERAL (SELECT LEAST(s.t + (5 + o.u_a * 20) * interval '1 day',
                                    %(now)s::timestamptz - interval '10 minutes') AS t) r
                CROSS JOIN LATERAL (SELECT LEAST(r.t + (1 + o.u_b * 2) * interval '1 day',
                                    %(now)s::timestamptz - interval '9 minutes') AS t) a
            )
            WHERE o.forwarded_family
            """,
            p,
        )
        # merged items point at an adopted (or later) item of their committee
        self.sql(
            "opinions: merge targets",
            """
            ALTER TABLE bench_seed.op ADD COLUMN merged_into_id bigint,
                ADD COLUMN merged_into_code text;
            CREATE UNLOGGED TABLE bench_seed.target AS
            SELECT cid, id, tracking_code,
                   (row_number() OVER (PARTITION BY cid ORDER BY id) - 1)::int AS idx
            FROM bench_seed.op WHERE adopted_family;
            CREATE UNLOGGED TABLE bench_seed.target_n AS
            SELECT cid, count(*)::int AS n FROM bench_seed.target GROUP BY cid;
            CREATE INDEX ON bench_seed.target (cid, idx);
            ANALYZE bench_seed.target;
            UPDATE bench_seed.op o SET merged_into_id = t.id, merged_into_code = t.tracking_code
            FROM bench_seed.target_n tn, bench_seed.target t
            WHERE o.status = 'merged' AND tn.cid = o.cid AND t.cid = o.cid
              AND t.idx = floor(o.u_e * tn.n)::int
            """,
            p,
        )
        self.sql(
            "",
            "UPDATE bench_seed.op SET status = 'not_adopted', not_adopted_reason = 'duplicate' "
            "WHERE status = 'merged' AND merged_into_id IS NULL",
        )

        # 5. the opinions
        columns = {
            "id",
            "tracking_code",
            "lookup_key_hash",
            "committee_id",
            "channel",
            "category_id",
            "region_id",
            "workstation_id",
            "title",
            "content",
            "analysis",
            "suggestion",
            "submitter_name",
            "submitter_phone",
            "submitter_email",
            "is_anonymous",
            "consent_version",
            "consent_at",
            "created_by_id",
            "author_id",
            "status",
            "assignee_id",
            "adoption_level",
            "not_adopted_reason",
            "decision_comment",
            "merged_into_id",
            "proposal_reference",
            "topic_reference",
            "public_reply",
            "replied_at",
            "satisfaction",
            "satisfaction_comment",
            "rated_at",
            "rehandle_requested_at",
            "closed_at",
            "is_spam",
            "needs_attention",
            "anonymised_at",
            "flag_reasons",
            "dedupe_token",
            "submitted_at",
            "review_due_at",
            "decided_at",
            "created_at",
            "updated_at",
        }
        self.check_columns("opinions_opinion", columns)
        with_contact = "(o.channel <> 'member' AND NOT o.is_anonymous)"
        self.sql(
            "opinions_opinion",
            f"""
            INSERT INTO opinions_opinion (
                id, tracking_code, lookup_key_hash, committee_id, channel, category_id,
                region_id, workstation_id, title, content, analysis, suggestion,
                submitter_name, submitter_phone, submitter_email, is_anonymous,
                consent_version, consent_at, created_by_id, author_id, status, assignee_id,
                adoption_level, not_adopted_reason, decision_comment, merged_into_id,
                proposal_reference, topic_reference, public_reply, replied_at, satisfaction,
                satisfaction_comment, rated_at, rehandle_requested_at, closed_at, is_spam,
                needs_attention, anonymised_at, flag_reasons, dedupe_token, submitted_at,
                review_due_at, decided_at, created_at, updated_at)
            SELECT o.id, o.tracking_code, %(key_hash)s, o.cid, o.channel, o.category_id,
                o.region_id, o.workstation_id,
                left(replace(replace((%(titles)s::text[])[1 + floor(o.u_d * 1000)::int %% cardinality(%(titles)s::text[])],
                    '{{place}}', o.place), '{{subject}}', o.subject), 60),
                left(replace(replace(replace(
                    (%(situations)s::text[])[1 + floor(o.u_e * 1000)::int %% cardinality(%(situations)s::text[])],
                    '{{place}}', o.place), '{{subject}}', o.subject), '{{n}}', o.households::text)
                  || (%(contexts)s::text[])[1 + floor(o.u_f * 1000)::int %% cardinality(%(contexts)s::text[])]
                  || E'\\n' || (%(analyses)s::text[])[1 + floor(o.u_g * 1000)::int %% cardinality(%(analyses)s::text[])]
                  || E'\\n' || (%(suggestions)s::text[])[1 + floor(o.u_h * 1000)::int %% cardinality(%(suggestions)s::text[])]
                  || '（反映时间：' || to_char(o.submitted_at AT TIME ZONE 'Asia/Shanghai',
                     'YYYY年MM月DD日') || '）', 1500),
                CASE WHEN o.channel = 'member'
                     THEN (%(analyses)s::text[])[1 + floor(o.u_a * 1000)::int %% cardinality(%(analyses)s::text[])] ELSE '' END,
                CASE WHEN o.channel = 'member'
                     THEN (%(suggestions)s::text[])[1 + floor(o.u_b * 1000)::int %% cardinality(%(suggestions)s::text[])]
                     ELSE '' END,
                CASE WHEN {with_contact} THEN o.person ELSE '' END,
                CASE WHEN {with_contact} AND o.u_c2 < 0.85 THEN o.phone ELSE '' END,
                CASE WHEN {with_contact} AND o.channel IN ('web', 'mailbox') AND o.u_d < 0.1
                     THEN 'citizen' || o.id || '@example.com' ELSE '' END,
                o.is_anonymous,
                CASE WHEN o.channel IN ('web', 'mailbox') THEN %(consent)s ELSE '' END,
                CASE WHEN o.channel IN ('web', 'mailbox') THEN o.submitted_at END,
                o.created_by_id, o.author_id, o.status,
                CASE WHEN o.status = 'submitted' THEN NULL ELSE o.assignee_id END,
                o.adoption_level, o.not_adopted_reason,
                CASE WHEN o.status = 'returned' THEN '请补充问题涉及的具体地点和群众诉求。'
                     ELSE '' END,
                o.merged_into_id, '', '',
                CASE WHEN o.status IN ('replied', 'closed')
                     THEN (%(replies)s::text[])[1 + floor(o.u_a * 1000)::int %% cardinality(%(replies)s::text[])] ELSE '' END,
                CASE WHEN o.status IN ('replied', 'closed') THEN o.t_accept END,
                o.satisfaction,
                CASE WHEN o.is_rated AND o.u_c2 < 0.3 THEN '感谢及时答复。' ELSE '' END,
                o.t_rate, NULL, o.t_close, o.is_spam, o.needs_attention, NULL,
                CASE WHEN o.is_spam THEN '["too_fast"]'::jsonb
                     WHEN o.needs_attention THEN '["sensitive:上访"]'::jsonb
                     ELSE '[]'::jsonb END,
                CASE WHEN o.channel IN ('web', 'mailbox') THEN md5('bench-' || o.id) END,
                o.submitted_at,
                o.submitted_at + %(review_days)s * interval '1 day',
                CASE WHEN o.decided THEN o.t_decide END,
                CASE WHEN o.channel = 'member' THEN o.submitted_at - interval '1 day'
                     ELSE o.submitted_at END,
                CASE WHEN o.decided THEN GREATEST(o.submitted_at, o.t_decide, o.t_compile,
                                                  o.t_fwd, o.t_accept, o.t_close)
                     ELSE GREATEST(o.submitted_at, o.t_assign) END
            FROM bench_seed.op o ORDER BY o.id
            """,
            p,
        )
        self.sync_sequence("opinions_opinion")
        self.sql(
            "",
            """
            INSERT INTO opinions_trackingsequence (year, last)
            SELECT extract(year FROM submitted_at AT TIME ZONE 'Asia/Shanghai')::int,
                   max(split_part(tracking_code, '-', 3)::int)
            FROM opinions_opinion WHERE tracking_code LIKE 'JY-%%'
            GROUP BY 1
            ON CONFLICT (year) DO UPDATE SET last = GREATEST(
                opinions_trackingsequence.last, EXCLUDED.last)
            """,
        )

        # 6. bulletins and their items
        self.check_columns(
            "opinions_bulletin",
            {
                "id",
                "committee_id",
                "year",
                "number",
                "title",
                "status",
                "recipients",
                "created_by_id",
                "created_at",
                "signed_by_id",
                "issued_at",
            },
        )
        self.sql(
            "opinions_bulletin",
            """
            INSERT INTO opinions_bulletin (id, committee_id, year, number, title, status,
                recipients, created_by_id, created_at, signed_by_id, issued_at)
            SELECT b.id, b.cid, b.year, b.number, '社情民意信息', 'issued',
                   '市委、市政府，有关部门', b.staff_id, b.created_at, b.staff_id, b.issued_at
            FROM bench_seed.bu b ORDER BY b.id
            """,
        )
        self.sync_sequence("opinions_bulletin")
        self.sql(
            "",
            """
            INSERT INTO opinions_bulletinsequence (committee_id, year, last)
            SELECT cid, year, max(number) FROM bench_seed.bu GROUP BY 1, 2
            ON CONFLICT (committee_id, year) DO UPDATE SET last = GREATEST(
                opinions_bulletinsequence.last, EXCLUDED.last)
            """,
        )
        item_base = self.next_id("opinions_bulletinitem")
        self.check_columns(
            "opinions_bulletinitem",
            {"id", "bulletin_id", "opinion_id", "position", "editorial_title", "editorial_body"},
        )
        self.sql(
            "opinions_bulletinitem",
            f"""
            INSERT INTO opinions_bulletinitem (id, bulletin_id, opinion_id, position,
                editorial_title, editorial_body)
            SELECT {item_base - 1} + row_number() OVER (ORDER BY o.t_added, o.id), o.bulletin_id,
                   o.id, (row_number() OVER (PARTITION BY o.bulletin_id ORDER BY o.t_added, o.id)
                          - 1)::int, left(x.title, 80), x.content
            FROM bench_seed.op o JOIN opinions_opinion x ON x.id = o.id
            WHERE o.bulletin_id IS NOT NULL ORDER BY 1
            """,
        )
        self.sync_sequence("opinions_bulletinitem")
        self.check_columns(
            "opinions_bulletinevent",
            {
                "id",
                "bulletin_id",
                "kind",
                "actor_id",
                "from_status",
                "to_status",
                "comment",
                "data",
                "created_at",
            },
        )
        self.sql(
            "opinions_bulletinevent",
            """
            INSERT INTO opinions_bulletinevent (bulletin_id, kind, actor_id, from_status,
                to_status, comment, data, created_at)
            SELECT * FROM (
                SELECT i.bulletin_id, 'item_added', b.created_by_id, '', '', '',
                       jsonb_build_object('item', i.id, 'opinion', i.opinion_id,
                                          'title', i.editorial_title), o.t_added
                FROM opinions_bulletinitem i JOIN bench_seed.op o ON o.id = i.opinion_id
                JOIN opinions_bulletin b ON b.id = i.bulletin_id
                UNION ALL
                SELECT b.id, 'issued', b.staff_id, 'draft', 'issued', '',
                       jsonb_build_object('number', b.number, 'year', b.year), b.issued_at
                FROM bench_seed.bu b
            ) e ORDER BY 8
            """,
        )

        # 7. forwardings: the lead department, sometimes a co-department, sometimes a lead that
        # asked to be withdrawn before the current one
        fw_base = self.next_id("opinions_forwarding")
        self.sql(
            "forwardings: staging",
            f"""
            CREATE UNLOGGED TABLE bench_seed.fw AS
            SELECT {fw_base - 1} + row_number() OVER (ORDER BY f.created_at, f.opinion_id, f.k)
                       AS id, f.*
            FROM (
                SELECT o.id AS opinion_id, k.k, o.cid,
                       CASE k.k WHEN 'withdrawn' THEN 'lead' WHEN 'lead' THEN 'lead'
                                ELSE 'co' END AS role,
                       CASE k.k WHEN 'withdrawn' THEN 'withdrawn' WHEN 'lead' THEN o.lead_status
                                ELSE o.co_status END AS status,
                       d.ref AS department_id, d.label AS department_name,
                       CASE WHEN k.k = 'withdrawn' THEN o.t_fwd - interval '4 days'
                            ELSE o.t_fwd END AS created_at,
                       o.t_sign, o.t_reply, o.t_accept, o.assignee_id AS staff_id,
                       o.u_e, o.u_h
                FROM bench_seed.op o
                JOIN bench_seed.cw c ON c.cid = o.cid
                CROSS JOIN LATERAL (VALUES ('lead', 0), ('co', 1), ('withdrawn', 2)) k(k, shift)
                JOIN bench_seed.pick d ON d.kind = 'dept' AND d.cid = o.cid
                    AND d.idx = (floor(o.u_staff * 9973)::int + k.shift) %% c.n_dept
                WHERE o.forwarded_family AND c.n_dept > 0
                  AND (k.k = 'lead' OR (k.k = 'co' AND o.has_co AND c.n_dept > 1)
                       OR (k.k = 'withdrawn' AND o.has_withdrawn AND c.n_dept > 2))
            ) f
            """,
        )
        fw_columns = {
            "id",
            "opinion_id",
            "department_id",
            "role",
            "status",
            "due_date",
            "cover_note",
            "return_reason",
            "created_by_id",
            "created_at",
            "signed_at",
            "first_replied_at",
            "accepted_at",
            "last_reminded_on",
            "co_opinion",
            "waiver_reason",
        }
        self.check_columns("opinions_forwarding", fw_columns)
        self.sql(
            "opinions_forwarding",
            """
            INSERT INTO opinions_forwarding (id, opinion_id, department_id, role, status,
                due_date, cover_note, return_reason, created_by_id, created_at, signed_at,
                first_replied_at, accepted_at, last_reminded_on, co_opinion, waiver_reason)
            SELECT f.id, f.opinion_id, f.department_id, f.role, f.status,
                   (f.created_at AT TIME ZONE 'Asia/Shanghai')::date + %(forward_days)s,
                   '请研究办理并按期答复。',
                   CASE WHEN f.status IN ('withdrawn', 'return_requested')
                        THEN '该事项不属于我单位职责范围，建议转交相关部门办理。' ELSE '' END,
                   f.staff_id, f.created_at,
                   CASE WHEN f.status IN ('signed', 'replied', 'rejected', 'accepted')
                          OR (f.status = 'return_requested' AND f.u_e < 0.5)
                        THEN f.t_sign END,
                   CASE WHEN f.status IN ('replied', 'rejected', 'accepted') THEN f.t_reply END,
                   CASE WHEN f.status = 'accepted' THEN f.t_accept END,
                   CASE WHEN f.status IN ('new', 'signed', 'return_requested', 'rejected')
                         AND (f.created_at AT TIME ZONE 'Asia/Shanghai')::date
                             + %(forward_days)s < (%(now)s AT TIME ZONE 'Asia/Shanghai')::date
                        THEN (%(now)s AT TIME ZONE 'Asia/Shanghai')::date - 1 END,
                   '', ''
            FROM bench_seed.fw f ORDER BY f.id
            """,
            p,
        )
        self.sync_sequence("opinions_forwarding")
        reply_columns = {
            "id",
            "forwarding_id",
            "text",
            "resolution",
            "contact_person",
            "submitted_by_id",
            "created_at",
            "review",
            "review_comment",
            "reviewed_by_id",
            "reviewed_at",
        }
        self.check_columns("opinions_reply", reply_columns)
        self.sql(
            "opinions_reply",
            f"""
            INSERT INTO opinions_reply (forwarding_id, text, resolution, contact_person,
                submitted_by_id, created_at, review, review_comment, reviewed_by_id, reviewed_at)
            SELECT f.id, (%(replies)s::text[])[1 + floor(f.u_h * 1000)::int %% cardinality(%(replies)s::text[])],
                   {weighted_case("f.u_e", [("solved", 45), ("planned", 30), ("limited", 15), ("reference", 10)])},
                   (%(surnames)s::text[])[1 + floor(f.u_h * 100)::int %% cardinality(%(surnames)s::text[])] || '科长',
                   NULL, f.t_reply,
                   CASE f.status WHEN 'replied' THEN 'pending' WHEN 'rejected' THEN 'rejected'
                        ELSE 'accepted' END,
                   CASE WHEN f.status = 'rejected' THEN '答复内容过于笼统，请补充具体措施和时限。'
                        ELSE '' END,
                   CASE WHEN f.status <> 'replied' THEN f.staff_id END,
                   CASE WHEN f.status <> 'replied' THEN f.t_accept END
            FROM bench_seed.fw f
            WHERE f.status IN ('replied', 'rejected', 'accepted') ORDER BY f.t_reply, f.id
            """,
            p,
        )
        # leader instructions
        self.check_columns(
            "opinions_leaderinstruction",
            {
                "id",
                "opinion_id",
                "leader_name",
                "leader_title",
                "level",
                "instructed_on",
                "text",
                "recorded_by_id",
                "created_at",
            },
        )
        li_base = self.next_id("opinions_leaderinstruction")
        self.sql(
            "opinions_leaderinstruction",
            f"""
            INSERT INTO opinions_leaderinstruction (id, opinion_id, leader_name, leader_title,
                level, instructed_on, text, recorded_by_id, created_at)
            SELECT {li_base - 1} + row_number() OVER (ORDER BY o.id), o.id,
                   (%(surnames)s::text[])[1 + floor(o.u_nm * 10000)::int %% cardinality(%(surnames)s::text[])] || '某某',
                   CASE WHEN o.municipal THEN '市委副书记' ELSE o.short_name || '委书记' END,
                   CASE WHEN o.municipal THEN 'municipal' ELSE 'banner' END,
                   (LEAST(COALESCE(o.t_fwd, o.t_decide) + interval '3 days', %(now)s)
                    AT TIME ZONE 'Asia/Shanghai')::date,
                   '请相关部门认真研究，抓好落实，及时反馈办理结果。', o.assignee_id,
                   LEAST(COALESCE(o.t_fwd, o.t_decide) + interval '3 days',
                         %(now)s::timestamptz - interval '7 minutes')
            FROM bench_seed.op o WHERE o.has_instruction ORDER BY o.id
            """,
            p,
        )
        self.sync_sequence("opinions_leaderinstruction")

        # 8. the events, in time order
        self.sql(
            "events: staging",
            """
            CREATE UNLOGGED TABLE bench_seed.ev AS
            SELECT o.id AS opinion_id, NULL::bigint AS forwarding_id, e.kind, e.actor_id,
                   e.from_status, e.to_status, e.comment, e.data, e.created_at
            FROM bench_seed.op o
            CROSS JOIN LATERAL (VALUES
                (o.channel = 'member', 'created', NULL::bigint, '', 'draft', '', '{}'::jsonb,
                 o.submitted_at - interval '1 day'),
                (true, 'submitted', o.created_by_id,
                 CASE WHEN o.channel = 'member' THEN 'draft' ELSE '' END, 'submitted', '',
                 CASE WHEN o.is_spam THEN '{"flags": ["too_fast"]}'::jsonb ELSE '{}' END,
                 o.submitted_at),
                (o.has_assign, 'assigned', o.assignee_id, 'submitted', 'under_review', '',
                 jsonb_build_object('assignee', o.assignee_id,
                                    'assignee_name', o.assignee_name), o.t_assign),
                (o.status = 'returned', 'returned', o.assignee_id,
                 CASE WHEN o.has_assign THEN 'under_review' ELSE 'submitted' END, 'returned',
                 '请补充问题涉及的具体地点和群众诉求。', '{}'::jsonb, o.t_decide),
                (o.status = 'not_adopted', 'not_adopted', o.assignee_id,
                 CASE WHEN o.has_assign THEN 'under_review' ELSE 'submitted' END, 'not_adopted',
                 '经研究，不予采用。', jsonb_build_object('reason', o.not_adopted_reason),
                 o.t_decide),
                (o.status = 'merged', 'merged', o.assignee_id,
                 CASE WHEN o.has_assign THEN 'under_review' ELSE 'submitted' END, 'merged',
                 '与同类建言合并办理。',
                 jsonb_build_object('into', o.merged_into_id, 'into_code', o.merged_into_code),
                 o.t_decide),
                (o.adopted_family, 'adopted', o.assignee_id,
                 CASE WHEN o.has_assign THEN 'under_review' ELSE 'submitted' END, 'adopted',
                 '反映问题具体，建议可行，予以采用。',
                 jsonb_build_object('level', o.adoption_level), o.t_decide),
                (o.is_compiled, 'compiled', o.assignee_id, 'adopted', 'compiled', '',
                 jsonb_build_object('bulletin', o.bulletin_id,
                                    'year', extract(year FROM o.t_compile
                                                    AT TIME ZONE 'Asia/Shanghai')::int),
                 o.t_compile),
                (o.has_instruction, 'instruction', o.assignee_id, '', '',
                 '请相关部门认真研究，抓好落实，及时反馈办理结果。',
                 jsonb_build_object('level', CASE WHEN o.municipal THEN 'municipal'
                                                  ELSE 'banner' END),
                 LEAST(COALESCE(o.t_fwd, o.t_decide) + interval '3 days',
                       %(now)s::timestamptz - interval '7 minutes')),
                (o.status IN ('replied', 'closed'), 'replied', o.assignee_id, 'forwarded',
                 'replied', '', '{}'::jsonb, o.t_accept),
                (o.is_rated, 'rated', NULL, '', '', '',
                 jsonb_build_object('satisfaction', o.satisfaction), o.t_rate),
                (o.status = 'closed', 'closed', NULL, 'replied', 'closed', '',
                 jsonb_build_object('reason', CASE WHEN o.is_rated THEN 'rated'
                                                   ELSE 'auto' END), o.t_close),
                (o.status <> 'submitted' AND o.u_top < 0.03, 'note', o.assignee_id, '', '',
                 '已电话联系反映人，了解具体情况。', '{}'::jsonb,
                 o.t_assign + interval '1 hour'),
                (o.channel NOT IN ('member') AND NOT o.is_anonymous AND o.u_lvl < 0.03
                 AND o.status <> 'submitted', 'reveal', o.assignee_id, '', '', '', '{}'::jsonb,
                 o.t_assign + interval '2 hours')
            ) e(ok, kind, actor_id, from_status, to_status, comment, data, created_at)
            WHERE e.ok
            """,
            p,
        )
        self.sql(
            "events: forwarding steps",
            """
            INSERT INTO bench_seed.ev
            SELECT f.opinion_id, f.id, e.kind, e.actor_id, e.from_status, e.to_status,
                   e.comment, jsonb_build_object('department', f.department_name,
                                                 'forwarding', f.id), e.created_at
            FROM bench_seed.fw f
            CROSS JOIN LATERAL (VALUES
                (f.status IN ('signed', 'replied', 'rejected', 'accepted')
                  OR (f.status = 'return_requested' AND f.u_e < 0.5), 'signed',
                 NULL::bigint, 'new', 'signed', '', f.t_sign),
                (f.status IN ('return_requested', 'withdrawn'), 'return_requested', NULL,
                 CASE WHEN f.status = 'return_requested' AND f.u_e < 0.5 THEN 'signed'
                      ELSE 'new' END, 'return_requested',
                 '该事项不属于我单位职责范围，建议转交相关部门办理。',
                 CASE WHEN f.status = 'withdrawn' THEN f.created_at + interval '1 day'
                      ELSE LEAST(f.t_sign + interval '1 hour',
                                 %(now)s::timestamptz - interval '1 minute') END),
                (f.status = 'withdrawn', 'return_accepted', f.staff_id,
                 'return_requested', 'withdrawn', '', f.created_at + interval '2 days'),
                (f.status IN ('replied', 'rejected', 'accepted'), 'reply_submitted', NULL,
                 'signed', 'replied', '', f.t_reply),
                (f.status = 'rejected', 'reply_rejected', f.staff_id, 'replied',
                 'rejected', '答复内容过于笼统，请补充具体措施和时限。', f.t_accept),
                (f.status = 'accepted', 'reply_accepted', f.staff_id, 'replied',
                 'accepted', '', f.t_accept)
            ) e(ok, kind, actor_id, from_status, to_status, comment, created_at)
            WHERE e.ok
            """,
            p,
        )
        self.sql(
            "events: forwarded",
            """
            INSERT INTO bench_seed.ev
            SELECT f.opinion_id, NULL, 'forwarded', min(f.staff_id),
                   CASE WHEN bool_and(o.has_withdrawn AND f.created_at = o.t_fwd)
                        THEN 'forwarded'
                        WHEN bool_or(o.is_compiled) THEN 'compiled' ELSE 'adopted' END,
                   'forwarded', '请研究办理并按期答复。',
                   jsonb_build_object(
                       'forwardings', jsonb_agg(f.id ORDER BY f.id),
                       'departments', jsonb_agg(f.department_name || CASE f.role
                           WHEN 'lead' THEN '（主办）' ELSE '（协办）' END ORDER BY f.id),
                       'due_date', ((f.created_at AT TIME ZONE 'Asia/Shanghai')::date
                                    + %(forward_days)s)::text),
                   f.created_at
            FROM bench_seed.fw f JOIN bench_seed.op o ON o.id = f.opinion_id
            GROUP BY f.opinion_id, f.created_at
            """,
            p,
        )
        self.sql(
            "events: merge received",
            """
            INSERT INTO bench_seed.ev
            SELECT o.merged_into_id, NULL, 'merge_received', o.assignee_id, '', '', '',
                   jsonb_build_object('from', o.id, 'from_code', o.tracking_code), o.t_decide
            FROM bench_seed.op o WHERE o.merged_into_id IS NOT NULL
            """,
        )
        self.check_columns(
            "opinions_opinionevent",
            {
                "id",
                "opinion_id",
                "forwarding_id",
                "kind",
                "actor_id",
                "from_status",
                "to_status",
                "comment",
                "data",
                "created_at",
                "notified_at",
            },
        )
        self.sql(
            "opinions_opinionevent",
            """
            INSERT INTO opinions_opinionevent (opinion_id, forwarding_id, kind, actor_id,
                from_status, to_status, comment, data, created_at, notified_at)
            SELECT opinion_id, forwarding_id, kind, actor_id, from_status, to_status, comment,
                   data, created_at, created_at
            FROM bench_seed.ev ORDER BY created_at, opinion_id
            """,
        )
        self.sql("", "DROP TABLE bench_seed.ev")

    # --- activities -------------------------------------------------------------------------
    def seed_activities(self) -> None:
        from liaison.demo import TITLES, TOPICS, WEIGHTS
        from liaison.models import ActivityType

        args = self.args
        span = datetime.timedelta(days=365.25 * args.years)
        types = [(str(t), WEIGHTS.get(t, 1)) for t in ActivityType if t in TITLES]
        titles = [(str(t), i, form) for t in TITLES for i, form in enumerate(TITLES[t])]
        self.sql(
            "", "CREATE UNLOGGED TABLE bench_seed.atitle (type text, idx int, form text, n int)"
        )
        with self.connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO bench_seed.atitle VALUES (%s, %s, %s, %s)",
                [(t, i, f, len(TITLES[ActivityType(t)])) for t, i, f in titles],
            )
        p = {
            "n": args.activities,
            "now": self.now,
            "span": span,
            "topics": list(TOPICS),
            "summaries": ACTIVITY_SUMMARIES,
            "outcomes": ACTIVITY_OUTCOMES,
        }
        status_case = (
            "CASE WHEN age < interval '30 days' THEN "
            + weighted_case("u_s", ACTIVITY_STATUS_BY_AGE["recent"])
            + " ELSE "
            + weighted_case("u_s", ACTIVITY_STATUS_BY_AGE["old"])
            + " END"
        )
        base = self.next_id("liaison_activity")
        self.sql(
            "activities: staging",
            f"""
            CREATE UNLOGGED TABLE bench_seed.ac AS
            SELECT {base - 1} + row_number() OVER (ORDER BY x.occurred_on, x.n) AS id, x.*
            FROM (
                SELECT d.*, cw.cid, cw.municipal, cw.short_name,
                       ((%(now)s::timestamptz - d.age) AT TIME ZONE 'Asia/Shanghai')::date
                           AS occurred_on,
                       {weighted_case("d.u_t", types)} AS type,
                       {status_case} AS status,
                       rp.ref AS reporter_id, rp.idx AS reporter_idx, c.n_member,
                       CASE WHEN d.u_ws < 0.4 THEN ws.ref END AS workstation_id,
                       CASE WHEN d.u_ws < 0.4 THEN ws.label END AS ws_name,
                       CASE WHEN d.u_reg < 0.6 THEN rg.ref END AS region_id,
                       COALESCE(CASE WHEN d.u_ws < 0.4 THEN ws.label END,
                                CASE WHEN d.u_reg < 0.6 THEN rg.label END,
                                CASE WHEN cw.municipal THEN '市区' ELSE cw.short_name END)
                           AS place,
                       CASE WHEN d.u_g < 0.08 THEN gr.ref END AS group_id,
                       st.ref AS staff_id,
                       (%(topics)s::text[])[1 + floor(d.u_top * 1000)::int
                                            %% cardinality(%(topics)s::text[])] AS topic
                FROM (
                    SELECT g AS n, random() AS u_c, random() AS u_t, random() AS u_s,
                           random() AS u_mem, random() AS u_ws, random() AS u_reg,
                           random() AS u_g, random() AS u_k, random() AS u_top,
                           random() AS u_a, random() AS u_b, random() AS u_staff,
                           (1 - sqrt(random())) * %(span)s::interval AS age
                    FROM generate_series(1, %(n)s) g
                ) d
                JOIN bench_seed.cw ON d.u_c >= cw.lo AND d.u_c < cw.hi
                JOIN bench_seed.cw c ON c.cid = cw.cid
                JOIN bench_seed.pick rp ON rp.kind = 'member' AND rp.cid = cw.cid
                    AND rp.idx = floor(d.u_mem * c.n_member)::int
                LEFT JOIN bench_seed.pick ws ON ws.kind = 'ws' AND ws.cid = cw.cid
                    AND ws.idx = floor(d.u_ws * 1000)::int %% GREATEST(c.n_ws, 1)
                LEFT JOIN bench_seed.pick rg ON rg.kind = 'region' AND rg.cid = cw.cid
                    AND rg.idx = floor(d.u_reg * 1000)::int %% GREATEST(c.n_region, 1)
                LEFT JOIN bench_seed.pick gr ON gr.kind = 'group' AND gr.cid = cw.cid
                    AND gr.idx = floor(d.u_g * 10000)::int %% GREATEST(c.n_group, 1)
                LEFT JOIN bench_seed.pick st ON st.kind = 'staff' AND st.cid = cw.cid
                    AND st.idx = floor(d.u_staff * c.n_staff)::int
            ) x
            """,
            p,
        )
        self.sql("", "CREATE UNIQUE INDEX ON bench_seed.ac (id)")
        # how many members besides the reporter: mostly alone or a few; organised (group)
        # activities 5–15 with attendance recorded
        self.sql(
            "",
            """
            ALTER TABLE bench_seed.ac ADD COLUMN extra int;
            UPDATE bench_seed.ac SET extra = LEAST(n_member - 1, CASE
                WHEN group_id IS NOT NULL THEN 5 + floor(u_k * 11)::int
                WHEN u_k < 0.40 THEN 0 WHEN u_k < 0.65 THEN 1 WHEN u_k < 0.80 THEN 2
                WHEN u_k < 0.90 THEN 3 ELSE 4 + floor((u_k - 0.9) * 50)::int END)
            """,
        )
        columns = {
            "id",
            "committee_id",
            "type",
            "title",
            "occurred_on",
            "ends_on",
            "place",
            "workstation_id",
            "region_id",
            "reporter_id",
            "group_id",
            "special_committee_id",
            "shift_id",
            "people_reached",
            "summary",
            "outcome",
            "status",
            "return_reason",
            "is_public",
            "created_by_id",
            "confirmed_by_id",
            "submitted_at",
            "confirmed_at",
            "dedupe_token",
            "origin",
            "created_at",
            "updated_at",
        }
        self.check_columns("liaison_activity", columns)
        times = """
            ((a.occurred_on + time '18:00') AT TIME ZONE 'Asia/Shanghai') AS t_created,
            LEAST(((a.occurred_on + time '20:00') AT TIME ZONE 'Asia/Shanghai')
                  + a.u_a * interval '3 days', %(now)s::timestamptz - interval '5 minutes')
                AS t_submitted,
            LEAST(((a.occurred_on + time '20:00') AT TIME ZONE 'Asia/Shanghai')
                  + (a.u_a * 3 + 1 + a.u_b * 6) * interval '1 day',
                  %(now)s::timestamptz - interval '4 minutes') AS t_decided
        """
        self.sql(
            "liaison_activity",
            f"""
            INSERT INTO liaison_activity (id, committee_id, type, title, occurred_on, ends_on,
                place, workstation_id, region_id, reporter_id, group_id, special_committee_id,
                shift_id, people_reached, summary, outcome, status, return_reason, is_public,
                created_by_id, confirmed_by_id, submitted_at, confirmed_at, dedupe_token,
                origin, created_at, updated_at)
            SELECT a.id, a.cid, a.type,
                   left(replace(replace(t.form, '{{place}}', a.place), '{{topic}}', a.topic), 80),
                   a.occurred_on,
                   CASE WHEN a.u_b < 0.03 THEN LEAST(a.occurred_on + 1,
                        (%(now)s AT TIME ZONE 'Asia/Shanghai')::date) END,
                   left(a.place, 120), a.workstation_id, a.region_id, a.reporter_id,
                   a.group_id, NULL, NULL, 5 + floor(a.u_top * 195)::int,
                   replace(replace(replace(
                       (%(summaries)s::text[])[1 + floor(a.u_a * 1000)::int %% cardinality(%(summaries)s::text[])],
                       '{{place}}', a.place), '{{topic}}', a.topic),
                       '{{n}}', (1 + floor(a.u_b * 12)::int)::text),
                   replace((%(outcomes)s::text[])[1 + floor(a.u_b * 1000)::int %% cardinality(%(outcomes)s::text[])], '{{n}}',
                           (1 + floor(a.u_a * 5)::int)::text),
                   a.status,
                   CASE WHEN a.status = 'returned' THEN '请补充活动照片和参加群众人数。'
                        ELSE '' END,
                   a.status = 'confirmed' AND a.u_k > 0.85,
                   NULL,
                   CASE WHEN a.status = 'confirmed' THEN a.staff_id END,
                   CASE WHEN a.status <> 'draft' THEN x.t_submitted END,
                   CASE WHEN a.status = 'confirmed' THEN x.t_decided END,
                   NULL, '', x.t_created,
                   CASE WHEN a.status IN ('confirmed', 'returned') THEN x.t_decided
                        WHEN a.status = 'submitted' THEN x.t_submitted
                        ELSE x.t_created END
            FROM bench_seed.ac a
            JOIN bench_seed.atitle t ON t.type = a.type
                AND t.idx = floor(a.u_top * 7919)::int %% t.n
            CROSS JOIN LATERAL (SELECT {times}) x
            ORDER BY a.id
            """,
            p,
        )
        self.sync_sequence("liaison_activity")
        self.check_columns(
            "liaison_activityparticipant",
            {"id", "activity_id", "member_id", "attended", "excused"},
        )
        self.sql(
            "liaison_activityparticipant",
            """
            INSERT INTO liaison_activityparticipant (activity_id, member_id, attended, excused)
            SELECT a.id, m.ref,
                   k.j = 0 OR a.group_id IS NULL OR (a.id * 31 + k.j * 17) %% 100 >= 15,
                   k.j > 0 AND a.group_id IS NOT NULL AND (a.id * 31 + k.j * 17) %% 100 < 5
            FROM bench_seed.ac a
            CROSS JOIN LATERAL generate_series(0, a.extra) k(j)
            JOIN bench_seed.pick m ON m.kind = 'member' AND m.cid = a.cid
                AND m.idx = (a.reporter_idx + k.j) %% a.n_member
            ORDER BY a.id, k.j
            """,
        )
        self.check_columns(
            "liaison_activityevent",
            {
                "id",
                "activity_id",
                "kind",
                "actor_id",
                "from_status",
                "to_status",
                "comment",
                "data",
                "created_at",
            },
        )
        self.sql(
            "liaison_activityevent",
            f"""
            INSERT INTO liaison_activityevent (activity_id, kind, actor_id, from_status,
                to_status, comment, data, created_at)
            SELECT a.id, e.kind, e.actor_id, e.from_status, e.to_status, e.comment,
                   '{{}}'::jsonb, e.created_at
            FROM bench_seed.ac a
            CROSS JOIN LATERAL (SELECT {times}) x
            CROSS JOIN LATERAL (VALUES
                (true, 'created', NULL::bigint, '', 'draft', '', x.t_created),
                (a.status <> 'draft', 'submitted', NULL, 'draft', 'submitted', '',
                 x.t_submitted),
                (a.status = 'confirmed', 'confirmed', a.staff_id, 'submitted', 'confirmed', '',
                 x.t_decided),
                (a.status = 'returned', 'returned', a.staff_id, 'submitted', 'returned',
                 '请补充活动照片和参加群众人数。', x.t_decided),
                (a.status = 'confirmed' AND a.u_k > 0.85, 'published', a.staff_id, '', '', '',
                 x.t_decided + interval '1 minute')
            ) e(ok, kind, actor_id, from_status, to_status, comment, created_at)
            WHERE e.ok
            ORDER BY e.created_at, a.id
            """,
            p,
        )

    # --- performance facts ------------------------------------------------------------------
    def seed_facts(self) -> None:
        """The facts the hooks would have appended (ledger/facts.py): one per attending member
        of a confirmed activity, and a member's item submitted and adopted."""
        from django.urls import reverse

        from liaison.models import ActivityType
        from opinions.models import AdoptionLevel

        sentinel = 987654321
        a_prefix, a_suffix = reverse("liaison:activity_detail", args=[sentinel]).split(
            str(sentinel)
        )
        o_prefix, o_suffix = reverse("opinions:mine_detail", args=[sentinel]).split(str(sentinel))
        self.check_columns(
            "ledger_performancefact",
            {
                "id",
                "member_id",
                "committee_id",
                "year",
                "occurred_on",
                "source_type",
                "source_key",
                "kind",
                "item",
                "data",
                "description",
                "link",
                "retracts_id",
                "reason",
                "created_at",
            },
        )
        p = {
            "type_values": [str(v) for v in ActivityType.values],
            "type_labels": [str(label) for label in ActivityType.labels],
            "level_values": [str(v) for v in AdoptionLevel.values],
            "level_labels": [str(label) for label in AdoptionLevel.labels],
            "a_prefix": a_prefix,
            "a_suffix": a_suffix,
            "o_prefix": o_prefix,
            "o_suffix": o_suffix,
        }
        self.sql(
            "ledger_performancefact (activities)",
            """
            INSERT INTO ledger_performancefact (member_id, committee_id, year, occurred_on,
                source_type, source_key, kind, item, data, description, link, retracts_id,
                reason, created_at)
            SELECT p.member_id, a.committee_id, extract(year FROM a.occurred_on)::int,
                   a.occurred_on, 'activity', 'activity:' || a.id, 'activity_attended',
                   'activity.' || a.type,
                   jsonb_build_object('activity_type', a.type,
                       'role', CASE WHEN p.member_id = a.reporter_id THEN 'reporter'
                                    ELSE 'participant' END,
                       'attendees', n.attending),
                   left(t.label || '：' || a.title, 200),
                   %(a_prefix)s || a.id || %(a_suffix)s, NULL, '', a.confirmed_at
            FROM bench_seed.ac s
            JOIN liaison_activity a ON a.id = s.id
            JOIN liaison_activityparticipant p ON p.activity_id = a.id AND p.attended
            JOIN (SELECT activity_id, count(*) AS attending FROM liaison_activityparticipant
                  WHERE attended GROUP BY activity_id) n ON n.activity_id = a.id
            JOIN unnest(%(type_values)s::text[], %(type_labels)s::text[]) t(value, label)
                ON t.value = a.type
            WHERE a.status = 'confirmed' AND a.shift_id IS NULL
            ORDER BY a.confirmed_at, a.id, p.id
            """,
            p,
        )
        self.sql(
            "ledger_performancefact (opinions)",
            """
            INSERT INTO ledger_performancefact (member_id, committee_id, year, occurred_on,
                source_type, source_key, kind, item, data, description, link, retracts_id,
                reason, created_at)
            SELECT f.* FROM (
                SELECT x.author_id, x.committee_id,
                       extract(year FROM x.submitted_at AT TIME ZONE 'Asia/Shanghai')::int,
                       (x.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, 'opinion',
                       'opinion:' || x.id || ':submitted', 'opinion_submitted',
                       'opinion_submitted',
                       jsonb_build_object('authors', 1, 'rules_committee', x.committee_id,
                                          'role', 'author'),
                       left('报送社情民意：' || x.title, 200),
                       %(o_prefix)s || x.id || %(o_suffix)s, NULL::bigint, '', x.submitted_at
                FROM bench_seed.op s JOIN opinions_opinion x ON x.id = s.id
                WHERE x.author_id IS NOT NULL AND x.submitted_at IS NOT NULL
                UNION ALL
                SELECT x.author_id, x.committee_id,
                       extract(year FROM x.decided_at AT TIME ZONE 'Asia/Shanghai')::int,
                       (x.decided_at AT TIME ZONE 'Asia/Shanghai')::date, 'opinion',
                       'opinion:' || x.id || ':adopted', 'opinion_adopted',
                       'adopted.' || x.adoption_level,
                       jsonb_build_object('authors', 1, 'rules_committee', x.committee_id,
                                          'level', x.adoption_level, 'role', 'author'),
                       left('社情民意被采用（' || l.label || '）：' || x.title, 200),
                       %(o_prefix)s || x.id || %(o_suffix)s, NULL, '', x.decided_at
                FROM bench_seed.op s JOIN opinions_opinion x ON x.id = s.id
                JOIN unnest(%(level_values)s::text[], %(level_labels)s::text[]) l(value, label)
                    ON l.value = x.adoption_level
                WHERE x.author_id IS NOT NULL AND x.decided_at IS NOT NULL
            ) f(member_id, committee_id, year, occurred_on, source_type, source_key, kind,
                item, data, description, link, retracts_id, reason, created_at)
            ORDER BY f.created_at
            """,
            p,
        )

    def years(self) -> list[int]:
        with self.connection.cursor() as cur:
            cur.execute("SELECT DISTINCT year FROM ledger_performancefact ORDER BY 1")
            return [row[0] for row in cur.fetchall()]


COUNTED = [
    "opinions_opinion",
    "opinions_opinionevent",
    "opinions_forwarding",
    "opinions_reply",
    "opinions_bulletin",
    "opinions_bulletinitem",
    "opinions_leaderinstruction",
    "liaison_activity",
    "liaison_activityparticipant",
    "liaison_activityevent",
    "ledger_performancefact",
    "ledger_ledgerentry",
    "members_member",
    "accounts_user",
]


def deferred_indexes(connection, tables: list[str]) -> list[tuple[str, str]]:
    """The GIN and GiST indexes of ``tables`` (name, CREATE statement), built after the load."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexdef ~ ' USING (gin|gist) ' ORDER BY indexname",
            [tables],
        )
        return list(cur.fetchall())


def main(argv=None) -> None:
    args = _parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    # bulk statements run for minutes: no statement timeout for this process
    os.environ["DB_STATEMENT_TIMEOUT_MS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    ensure_database(args.database_url, reset=args.reset)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print("setup: migrate, load_reference_data, load_demo_data --if-empty")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo_data", if_empty=True, verbosity=0)
    setup_done = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM opinions_opinion")
        existing = cur.fetchone()[0]
    if existing > 10_000 and not args.force:
        sys.exit(
            f"{existing:,} opinions already: seeded before. Use --reset to start again "
            "(or --force to add more on top)."
        )
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET statement_timeout = 0")
    seeder = Seeder(args)
    print(f"seeding {args.opinions:,} opinions and {args.activities:,} activities")
    seeder.ensure_staff()
    seeder.build_picks()
    # A GIN or GiST index kept current row by row makes a bulk load take hours (the search
    # bigrams: ~85 min at 1M); built once afterwards it takes minutes.
    deferred = deferred_indexes(connection, ["opinions_opinion"])
    for name, _definition in deferred:
        seeder.sql("", f"DROP INDEX IF EXISTS {name}")
    if args.opinions:
        seeder.seed_opinions()
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
    for name, definition in deferred:
        seeder.sql(f"index {name}", definition)
    if args.activities:
        seeder.seed_activities()
    seeder.seed_facts()
    seeder.sql("", "DROP SCHEMA bench_seed CASCADE")
    seeded = time.perf_counter()
    if not args.no_ledger:
        print("ledger: rebuild_ledger for each year with facts")
        for year in seeder.years():
            t0 = time.perf_counter()
            result = subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "rebuild_ledger", "--year", str(year)],
                env=os.environ,
                capture_output=True,
                text=True,
            )
            outcome = result.stdout.strip() or f"{year}: exit {result.returncode}"
            print(f"  {outcome} ({time.perf_counter() - t0:.1f} s)", flush=True)
            if result.returncode:  # reported, and the seed goes on to VACUUM ANALYZE
                print("  " + "\n  ".join(result.stderr.strip().splitlines()[-15:]), flush=True)
            # the entries just written need statistics for the next year's plans
            seeder.sql("", "ANALYZE ledger_ledgerentry")
            seeder.sql("", "ANALYZE ledger_memberyearscore")
    ledger_done = time.perf_counter()
    connection.close()
    print("VACUUM ANALYZE")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    finished = time.perf_counter()
    print()
    print(f"{'table':<32}{'rows':>14}")
    with connection.cursor() as cur:
        for table in COUNTED:
            cur.execute(f"SELECT count(*) FROM {table}")
            print(f"{table:<32}{cur.fetchone()[0]:>14,}")
        cur.execute(
            "SELECT (SELECT count(*) FROM opinions_opinionevent)::float "
            "/ GREATEST((SELECT count(*) FROM opinions_opinion), 1)"
        )
        print(f"events per opinion: {cur.fetchone()[0]:.2f}")
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cur.fetchone()[0]}")
    print(
        f"time: setup {setup_done - started:.0f} s, seed {seeded - setup_done:.0f} s, "
        f"ledger {ledger_done - seeded:.0f} s, vacuum analyze {finished - ledger_done:.0f} s, "
        f"total {finished - started:.0f} s"
    )


if __name__ == "__main__":
    main()
