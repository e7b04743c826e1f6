"""Demo data of realistic Ordos shape: members of the ten committees, grid managers and their
pairings, member groups, departments, one demo account per role and (``opinions.demo``) demo
opinions in every review state.

Deterministic for a given ``--seed``: the same seed on an empty database gives the same rows (the
demo opinions' dates are relative to today). Rows are made with ``bulk_create`` (about a hundred
queries besides the reference data); every row is checked with ``clean_fields()`` first.
Accounts go through ``accounts.services.user_create``.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from consultations.demo import load_demo_consultations
from core.memo import PUBLIC
from core.memo import changed as memo_changed
from core.text import pinyin_sort_key
from dashboards.figures import refresh_cockpit_figures
from dashboards.reports.periods import Kind as ReportKind
from dashboards.reports.services import periodic_reports_make
from lectures.demo import load_demo_lectures
from liaison.demo import load_demo_activities
from members.models import GridManager, GridPairing, Member, MemberGroup
from opinions.demo import (
    DEMO_KEY,
    load_demo_citizen_items,
    load_demo_handling,
    load_demo_opinions,
)
from org.models import (
    Committee,
    Department,
    Expertise,
    Party,
    Region,
    Sector,
    SpecialCommittee,
    Term,
)
from org.reference import calendar_days_load, reference_data_load
from showcases.demo import demo_consultation_showcase, load_demo_showcases
from workstations.demo import load_demo_workstations

DEFAULT_SEED = 2021
DEMO_PASSWORD = "Ordos@2026"
MUNICIPAL_MEMBERS = 300
BANNER_MEMBERS = (100, 150)
CITY = "鄂尔多斯市"
# Municipal members who do not work in a banner live and work in the city centre.
CITY_CENTRE_BANNERS = ("东胜区", "康巴什区")

# --- Names ------------------------------------------------------------------------------------
HAN_SURNAMES = (
    "王王王王李李李李张张张张刘刘刘刘杨杨杨赵赵赵高高高郭郭马马贾贾白白韩韩乔郝薛武苏霍"
    "陈陈黄周吴徐孙胡朱林何罗梁宋郑谢唐冯于董程曹袁邓许沈曾彭吕卢蒋蔡丁魏叶阎杜戴田任"
    "姜范方石姚康毛秦江史顾侯邵孟段雷钱尹常贺樊闫折訾"
)
HAN_MALE = (
    "志建国军伟强磊涛斌鹏刚勇杰峰海波辉明华东亮龙飞宇超俊文浩鑫晓振永宏喜平春利忠光荣林成江福生旺锋"
)
HAN_FEMALE = "丽娜静敏燕艳芳霞红玲梅慧婷雪琳洁莉颖萍秀英华晶丹玉兰凤佳欣悦月蓉琴莹倩瑞宁"
MONGOLIAN_MALE = (
    "巴图",
    "额尔敦",
    "朝鲁",
    "孟和",
    "巴特尔",
    "乌力吉",
    "阿拉坦",
    "宝音",
    "那顺",
    "布仁",
    "呼和",
    "敖其尔",
    "特木尔",
    "巴雅尔",
    "毕力格",
    "吉日格拉",
    "额尔德尼",
    "苏和",
    "达来",
    "图门",
    "满都拉",
    "额尔敦巴雅尔",
    "哈斯",
    "其木德",
    "朝格图",
)
MONGOLIAN_FEMALE = (
    "其木格",
    "乌云",
    "萨仁",
    "斯琴",
    "苏日娜",
    "娜仁",
    "图雅",
    "其其格",
    "萨仁高娃",
    "乌兰",
    "格日勒",
    "高娃",
    "塔娜",
    "托娅",
    "阿拉坦其其格",
    "乌日娜",
    "娜日苏",
    "敖登",
    "萨日娜",
    "斯琴高娃",
    "乌日汗",
    "哈斯其美格",
)
MONGOLIAN_SURNAMES = "包白奇鲍韩云陶"
# Banners with a larger Mongolian population.
PASTORAL_BANNERS = ("鄂托克旗", "鄂托克前旗", "乌审旗", "杭锦旗")

# --- Work units and positions per sector ------------------------------------------------------
# Placeholders: {p} the place (鄂尔多斯市 or the banner), {t} township, {v} village, {head} the
# village head's title, {co} a company, {firm} a law firm, {coop} a co-operative.
BIG_COMPANIES = (
    "伊泰集团",
    "鄂尔多斯羊绒集团",
    "亿利资源集团",
    "满世集团",
    "东方路桥集团",
    "汇能集团",
    "久泰能源集团",
    "蒙泰集团",
    "国家能源集团准格尔能源有限责任公司",
    "鄂尔多斯电力冶金集团",
)
COMPANY_WORDS = (
    "恒泰",
    "鑫源",
    "金诚",
    "宏达",
    "华瑞",
    "昊远",
    "瑞丰",
    "锦程",
    "天骄",
    "永盛",
    "泰和",
    "广源",
    "博远",
    "金沙",
    "龙胜",
    "蒙源",
    "德润",
    "绿洲",
    "兴达",
    "鸿宇",
)
COMPANY_TRADES = (
    "煤业",
    "能源",
    "化工",
    "建筑工程",
    "物流",
    "农牧业科技",
    "羊绒制品",
    "商贸",
    "房地产开发",
    "新能源科技",
    "绒纺",
    "生态建设",
    "旅游开发",
    "乳业",
    "肉食品",
)
LAW_WORDS = ("天骄", "恒信", "正大", "同德", "秉正", "明远", "大漠", "至诚", "金鼎", "公允")
COOP_KINDS = ("肉羊养殖", "绒山羊养殖", "马铃薯种植", "农机", "沙棘种植", "肉牛养殖", "蔬菜种植")

SECTOR_PROFILES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "中共": [
        ("{p}发展和改革委员会", ("主任", "副主任", "党组书记")),
        ("{p}财政局", ("局长", "副局长")),
        ("{p}委组织部", ("副部长",)),
        ("{p}委统战部", ("常务副部长", "副部长")),
        ("{t}", ("党委书记", "党委副书记", "人大主席")),
        ("{p}政协", ("副主席", "秘书长")),
        ("{p}人民法院", ("副院长",)),
        ("{p}人民检察院", ("副检察长",)),
        ("{p}农牧局", ("局长", "党组书记")),
        ("{p}委党校", ("常务副校长", "教授")),
    ],
    "民革": [
        ("{firm}", ("主任", "合伙人", "律师")),
        ("{p}人民法院", ("审判员",)),
        ("{p}司法局", ("副局长",)),
        ("鄂尔多斯应用技术学院", ("副教授",)),
        ("{co}", ("总经理",)),
    ],
    "民盟": [
        ("鄂尔多斯应用技术学院", ("教授", "副教授")),
        ("鄂尔多斯职业学院", ("副教授", "系主任")),
        ("{p}第一中学", ("教师", "副校长")),
        ("{p}文学艺术界联合会", ("副主席",)),
        ("{p}人民医院", ("主任医师",)),
    ],
    "民建": [
        ("{co}", ("董事长", "总经理", "副总经理")),
        ("中国建设银行鄂尔多斯分行", ("副行长",)),
        ("鄂尔多斯{law}会计师事务所", ("所长", "注册会计师")),
        ("{p}工商业联合会", ("副主席",)),
    ],
    "民进": [
        ("{p}第二中学", ("教师", "校长")),
        ("{p}实验小学", ("校长", "教师")),
        ("鄂尔多斯日报社", ("编辑",)),
        ("{p}图书馆", ("馆长",)),
        ("{p}文化馆", ("副馆长",)),
    ],
    "农工党": [
        ("{p}人民医院", ("主任医师", "副主任医师", "副院长")),
        ("鄂尔多斯市中心医院", ("主任医师",)),
        ("{p}中医医院", ("主任医师",)),
        ("{p}疾病预防控制中心", ("副主任",)),
    ],
    "致公党": [
        ("{co}", ("总经理", "董事长")),
        ("鄂尔多斯应用技术学院", ("副教授",)),
        ("{p}文化和旅游局", ("副局长",)),
        ("{p}归国华侨联合会", ("副主席",)),
    ],
    "九三学社": [
        ("鄂尔多斯市农牧业科学研究院", ("研究员", "副研究员")),
        ("国家能源集团准格尔能源有限责任公司", ("高级工程师",)),
        ("鄂尔多斯应用技术学院", ("教授",)),
        ("{p}气象局", ("高级工程师",)),
        ("{p}林业和草原局", ("高级工程师",)),
    ],
    "无党派人士": [
        ("鄂尔多斯市中心医院", ("主任医师",)),
        ("鄂尔多斯应用技术学院", ("教授",)),
        ("{p}第一中学", ("高级教师",)),
        ("{firm}", ("律师",)),
        ("{co}", ("总工程师",)),
        ("{p}蒙古族中学", ("校长",)),
    ],
    "共青团": [
        ("共青团{p}委员会", ("书记", "副书记")),
        ("{co}", ("总经理",)),
        ("{p}青年企业家协会", ("会长", "副会长")),
        ("{t}", ("团委书记",)),
        ("{p}第一中学", ("团委书记",)),
    ],
    "工会": [
        ("{p}总工会", ("主席", "副主席")),
        ("伊泰集团", ("酸刺沟煤矿综采队队长", "高级技师")),
        ("国家能源集团准格尔能源有限责任公司", ("黑岱沟露天煤矿班长", "首席技师")),
        ("鄂尔多斯电力冶金集团", ("高级技师", "车间主任")),
        ("鄂尔多斯羊绒集团", ("车间主任", "技术能手")),
        ("{p}环境卫生服务中心", ("环卫班长",)),
    ],
    "妇联": [
        ("{p}妇女联合会", ("主席", "副主席")),
        ("{t}{v}", ("妇联主席", "党支部书记")),
        ("{p}第一幼儿园", ("园长",)),
        ("{co}", ("董事长",)),
        ("{p}家政服务协会", ("会长",)),
    ],
    "工商联": [
        ("伊泰集团", ("副总经理", "董事")),
        ("鄂尔多斯羊绒集团", ("副总裁",)),
        ("亿利资源集团", ("副总裁",)),
        ("{co}", ("董事长", "总经理")),
        ("{co}", ("董事长",)),
        ("{p}工商业联合会", ("副主席",)),
        ("{p}总商会", ("副会长",)),
    ],
    "科协": [
        ("{p}科学技术协会", ("主席", "副主席")),
        ("鄂尔多斯市农牧业科学研究院", ("研究员",)),
        ("{p}农牧业技术推广中心", ("高级农艺师", "推广研究员")),
        ("{p}气象局", ("高级工程师",)),
        ("{co}", ("总工程师",)),
    ],
    "科技": [
        ("{p}科学技术局", ("局长", "副局长")),
        ("国家能源集团准格尔能源有限责任公司", ("高级工程师",)),
        ("{co}", ("技术总监", "总工程师")),
        ("鄂尔多斯应用技术学院", ("教授",)),
        ("{p}林业和草原局", ("高级工程师",)),
    ],
    "社科": [
        ("{p}社会科学界联合会", ("主席", "秘书长")),
        ("{p}委党校", ("教授", "副教授")),
        ("鄂尔多斯市博物院", ("研究馆员",)),
        ("{p}史志研究室", ("主任",)),
        ("鄂尔多斯应用技术学院", ("副教授",)),
    ],
    "经济": [
        ("中国工商银行鄂尔多斯分行", ("副行长",)),
        ("中国银行鄂尔多斯分行", ("行长",)),
        ("鄂尔多斯农村商业银行", ("行长", "副行长")),
        ("{p}统计局", ("局长",)),
        ("{p}财政局", ("副局长",)),
        ("{co}", ("财务总监",)),
        ("鄂尔多斯{law}会计师事务所", ("所长",)),
    ],
    "农牧业": [
        ("{t}{v}", ("党支部书记", "{head}", "种养大户")),
        ("{t}{v}", ("党支部书记",)),
        ("{coop}", ("理事长",)),
        ("{p}农牧局", ("副局长", "高级畜牧师")),
        ("{p}农牧业技术推广中心", ("高级农艺师",)),
        ("{t}农牧业综合服务中心", ("主任",)),
        ("{v}家庭牧场", ("场主",)),
    ],
    "教育": [
        ("{p}第一中学", ("教师", "校长", "副校长", "高级教师")),
        ("{p}第二中学", ("教师", "副校长")),
        ("{p}实验小学", ("校长", "教师")),
        ("{p}蒙古族中学", ("教师", "校长")),
        ("{p}职业技术学校", ("校长",)),
        ("鄂尔多斯应用技术学院", ("教授",)),
        ("鄂尔多斯职业学院", ("副院长", "教授")),
        ("{p}第一幼儿园", ("园长",)),
        ("{t}中心学校", ("校长",)),
        ("{p}教育局", ("副局长",)),
    ],
    "文化艺术": [
        ("鄂尔多斯市民族歌舞剧院", ("国家一级演员", "副院长")),
        ("{p}乌兰牧骑", ("队长", "演员")),
        ("{p}文学艺术界联合会", ("主席", "副主席")),
        ("{p}文化馆", ("馆长",)),
        ("{p}书法家协会", ("主席",)),
        ("{p}美术家协会", ("副主席",)),
        ("{p}非物质文化遗产保护中心", ("主任", "漫瀚调代表性传承人")),
    ],
    "医药卫生": [
        ("{p}人民医院", ("主任医师", "副主任医师", "院长", "护士长")),
        ("鄂尔多斯市中心医院", ("主任医师", "副院长")),
        ("{p}蒙医医院", ("主任医师",)),
        ("{p}中医医院", ("主任医师",)),
        ("{p}疾病预防控制中心", ("主任",)),
        ("{t}卫生院", ("院长",)),
        ("鄂尔多斯市妇幼保健院", ("副主任医师",)),
        ("{p}卫生健康委员会", ("副主任",)),
    ],
    "体育": [
        ("{p}体育运动学校", ("校长", "教练员")),
        ("{p}搏克协会", ("会长",)),
        ("{p}全民健身活动中心", ("主任",)),
        ("{p}足球协会", ("秘书长",)),
    ],
    "新闻出版": [
        ("鄂尔多斯日报社", ("总编辑", "记者", "主任编辑")),
        ("鄂尔多斯广播电视台", ("主持人", "制片人")),
        ("{p}融媒体中心", ("主任", "记者")),
        ("内蒙古日报社鄂尔多斯分社", ("记者",)),
        ("{p}新华书店", ("经理",)),
    ],
    "社会福利和社会保障": [
        ("{p}民政局", ("副局长",)),
        ("{p}社会福利院", ("院长",)),
        ("{p}残疾人联合会", ("理事长",)),
        ("{p}红十字会", ("常务副会长",)),
        ("{p}人力资源和社会保障局", ("副局长",)),
        ("{p}医疗保障局", ("局长",)),
        ("{t}养老服务中心", ("主任",)),
        ("{p}慈善总会", ("秘书长",)),
    ],
    "少数民族": [
        ("{p}蒙古族中学", ("校长", "教师")),
        ("{p}蒙医医院", ("主任医师", "院长")),
        ("{p}民族宗教事务局", ("副局长",)),
        ("{t}{v}", ("党支部书记", "{head}")),
        ("{p}乌兰牧骑", ("演员", "队长")),
        ("成吉思汗陵旅游区管理委员会", ("副主任",)),
    ],
    "宗教": [
        ("鄂尔多斯市佛教协会", ("会长", "副会长")),
        ("准格尔召", ("住持",)),
        ("乌审召", ("住持",)),
        ("鄂尔多斯市伊斯兰教协会", ("会长",)),
        ("鄂尔多斯市天主教爱国会", ("副主任",)),
        ("鄂尔多斯市基督教两会", ("副主任",)),
    ],
    "特邀": [
        ("{firm}", ("主任", "合伙人")),
        ("{p}人民法院", ("原副院长",)),
        ("{p}政协", ("原副主席",)),
        ("{p}台湾同胞联谊会", ("会长",)),
        ("{p}知识分子联谊会", ("会长",)),
        ("{p}新的社会阶层人士联谊会", ("副会长",)),
        ("{co}", ("董事长",)),
    ],
}
DEFAULT_PROFILE = [("{co}", ("总经理",)), ("{p}人民医院", ("主任医师",))]

# Relative size of each sector (unknown, administrator-added sectors get the default).
SECTOR_WEIGHTS = {
    "中共": 30,
    "民革": 6,
    "民盟": 7,
    "民建": 8,
    "民进": 7,
    "农工党": 6,
    "致公党": 4,
    "九三学社": 6,
    "无党派人士": 10,
    "共青团": 6,
    "工会": 10,
    "妇联": 8,
    "工商联": 20,
    "科协": 8,
    "科技": 10,
    "社科": 6,
    "经济": 18,
    "农牧业": 18,
    "教育": 16,
    "文化艺术": 12,
    "医药卫生": 14,
    "体育": 5,
    "新闻出版": 6,
    "社会福利和社会保障": 10,
    "少数民族": 14,
    "宗教": 5,
    "特邀": 16,
}
DEFAULT_SECTOR_WEIGHT = 5

# sector → party name (democratic parties and the CPC sit in their own sector)
SECTOR_PARTY = {
    "中共": "中国共产党",
    "民革": "中国国民党革命委员会",
    "民盟": "中国民主同盟",
    "民建": "中国民主建国会",
    "民进": "中国民主促进会",
    "农工党": "中国农工民主党",
    "致公党": "中国致公党",
    "九三学社": "九三学社",
    "无党派人士": "无党派人士",
}
DEMOCRATIC_PARTIES = tuple(
    SECTOR_PARTY[s] for s in ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社")
)

SECTOR_EXPERTISE = {
    "中共": ("经济", "乡村振兴", "城乡建设", "社会保障"),
    "民革": ("法律", "文化"),
    "民盟": ("教育", "文化"),
    "民建": ("经济", "金融"),
    "民进": ("教育", "文化"),
    "农工党": ("卫生", "心理健康"),
    "致公党": ("经济", "科技"),
    "九三学社": ("科技", "生态", "能源"),
    "无党派人士": ("科技", "教育", "卫生", "法律"),
    "共青团": ("教育", "心理健康", "乡村振兴"),
    "工会": ("社会保障", "能源"),
    "妇联": ("社会保障", "心理健康", "教育"),
    "工商联": ("经济", "能源", "金融"),
    "科协": ("科技", "生态", "农牧业"),
    "科技": ("科技", "能源", "生态"),
    "社科": ("文化", "经济", "民族宗教"),
    "经济": ("经济", "金融"),
    "农牧业": ("农牧业", "乡村振兴", "生态"),
    "教育": ("教育", "心理健康"),
    "文化艺术": ("文化", "文化旅游"),
    "医药卫生": ("卫生", "心理健康"),
    "体育": ("教育", "文化旅游"),
    "新闻出版": ("文化",),
    "社会福利和社会保障": ("社会保障", "法律"),
    "少数民族": ("民族宗教", "文化", "农牧业"),
    "宗教": ("民族宗教", "文化"),
    "特邀": ("法律", "经济"),
}

# Share of women and of Mongolian members, by sector (default otherwise).
FEMALE_SHARE = {
    "妇联": 0.9,
    "教育": 0.5,
    "医药卫生": 0.45,
    "文化艺术": 0.45,
    "宗教": 0.1,
    "中共": 0.25,
    "工会": 0.3,
}
MONGOLIAN_SHARE = {"少数民族": 0.85, "宗教": 0.3, "文化艺术": 0.3}

MUNICIPAL_DEPARTMENTS = (
    "市委办公室",
    "市人民政府办公室",
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市民政局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市水利局",
    "市农牧局",
    "市商务局",
    "市文化和旅游局",
    "市卫生健康委员会",
    "市应急管理局",
    "市市场监督管理局",
    "市医疗保障局",
    "市林业和草原局",
    "市城市管理综合执法局",
    "市公安局",
    "市能源局",
)
BANNER_DEPARTMENTS = (
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农牧局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "医疗保障局",
    "公安局",
    "林业和草原局",
)

PAIRING_FIRST_DAY = datetime.date(2022, 3, 1)
PAIRING_SPAN_DAYS = 1300


@dataclass
class DemoAccount:
    username: str
    role: str
    committee_code: str | None
    name: str
    department: str | None = None


ACCOUNTS = (
    DemoAccount("admin", User.Role.ADMIN, "ordos", "陈立新"),
    DemoAccount("staff", User.Role.STAFF, "ordos", "李娜"),
    DemoAccount("staff_dlt", User.Role.STAFF, "dalate", "张海燕"),
    DemoAccount("staff_zgr", User.Role.STAFF, "zhungeer", "刘伟"),
    DemoAccount("leader", User.Role.LEADER, "ordos", "高建军"),
    DemoAccount("leader_dlt", User.Role.LEADER, "dalate", "巴雅尔图"),
    DemoAccount("dept", User.Role.DEPARTMENT, "ordos", "王丽", department="市教育局"),
    # Every department the demo forwards to has an account (opinions.demo picks among those).
    DemoAccount("dept_zj", User.Role.DEPARTMENT, "ordos", "孙涛", department="市住房和城乡建设局"),
    DemoAccount("dept_jt", User.Role.DEPARTMENT, "ordos", "周静", department="市交通运输局"),
    DemoAccount("dept_dlt", User.Role.DEPARTMENT, "dalate", "吴刚", department="达拉特旗教育局"),
    DemoAccount(
        "dept_dlt_zj", User.Role.DEPARTMENT, "dalate", "郑红", department="达拉特旗住房和城乡建设局"
    ),
    DemoAccount(
        "dept_dlt_jt", User.Role.DEPARTMENT, "dalate", "冯军", department="达拉特旗交通运输局"
    ),
    DemoAccount("dept_zgr", User.Role.DEPARTMENT, "zhungeer", "陈芳", department="准格尔旗教育局"),
    DemoAccount(
        "dept_zgr_zj",
        User.Role.DEPARTMENT,
        "zhungeer",
        "褚明",
        department="准格尔旗住房和城乡建设局",
    ),
    DemoAccount(
        "dept_zgr_jt", User.Role.DEPARTMENT, "zhungeer", "卫东", department="准格尔旗交通运输局"
    ),
    DemoAccount("citizen", User.Role.CITIZEN, None, "赵敏"),
)


class Command(BaseCommand):
    help = (
        "Load demo data of realistic Ordos shape (members, grid managers, pairings, groups, "
        "departments, demo accounts, opinions). Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) if any member exists already.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed (default {DEFAULT_SEED}); the same seed gives the same data.",
        )

    def handle(self, *args, if_empty: bool, seed: int, **options):
        started = time.monotonic()
        if Member.objects.exists():
            if if_empty:
                self.stdout.write("Members exist already; demo data not loaded (--if-empty).")
                return
            raise CommandError(
                "The database has members already. Demo data goes into an empty database "
                "(e.g. `make clean` and `make run`), or pass --if-empty to skip."
            )
        validate_password(DEMO_PASSWORD)
        with transaction.atomic():
            reference_data_load()
            calendar_days_load()  # the demo's review deadlines follow the real holidays
            builder = DemoBuilder(random.Random(seed))
            builder.build()
            # Rows written in bulk send no signals: the public pages' lists start again.
            memo_changed(PUBLIC)
        # The leaders' cockpit reads only its summary table: fill it now (the beat job keeps
        # it current every five minutes).
        refresh_cockpit_figures()
        elapsed = time.monotonic() - started
        self._report(builder, seed, elapsed)

    def _report(self, builder: DemoBuilder, seed: int, elapsed: float) -> None:
        out = self.stdout.write
        out(self.style.SUCCESS(f"Demo data loaded (seed {seed}) in {elapsed:.1f} s."))
        for committee in builder.committees:
            out(f"  {committee.name}: {builder.member_counts[committee.pk]} members")
        out(
            f"  members {sum(builder.member_counts.values())}, grid managers "
            f"{builder.counts['grid_managers']}, pairings {builder.counts['pairings']}, member "
            f"groups {builder.counts['groups']}, departments {builder.counts['departments']}, "
            f"accounts {builder.counts['accounts']}, opinions {builder.counts['opinions']} "
            f"(tracking key {DEMO_KEY}), forwardings {builder.counts['forwardings']}, "
            f"bulletins {builder.counts['bulletins']}, lecture orders "
            f"{builder.counts['lecture orders']}, 典型经验 {builder.counts['典型经验']}, "
            f"reports {builder.counts['reports']}, consultations "
            f"{builder.counts['consultations']} (observers {builder.counts['observers']}, "
            f"outcomes {builder.counts['outcomes']})"
        )
        if builder.lecture_link:
            out(f"  a delivered 委员讲堂 order's private link: {builder.lecture_link}")
        out(f"Demo accounts (password {DEMO_PASSWORD}):")
        for username, role, committee, name, note in builder.account_rows:
            out(f"  {username:<11} {role:<10} {committee:<8} {name}{note}")


class DemoBuilder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.member_counts: Counter[int] = Counter()
        self.account_rows: list[tuple[str, str, str, str, str]] = []
        self.lecture_link = ""

    # --- helpers -----------------------------------------------------------------------------
    def phone(self, prefix: str) -> str:
        while True:
            number = prefix + "".join(str(self.rng.randrange(10)) for _ in range(8))
            if number not in self.phones:
                self.phones.add(number)
                return number

    def person_name(self, *, female: bool, mongolian: bool) -> str:
        rng = self.rng
        if mongolian:
            given = rng.choice(MONGOLIAN_FEMALE if female else MONGOLIAN_MALE)
            return (rng.choice(MONGOLIAN_SURNAMES) + given) if rng.random() < 0.3 else given
        chars = HAN_FEMALE if female else HAN_MALE
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.65 else "")
        return rng.choice(HAN_SURNAMES) + given

    def unique_name(self, taken: set[str], **kwargs) -> str:
        for _ in range(20):
            name = self.person_name(**kwargs)
            if name not in taken:
                break
        taken.add(name)
        return name

    def company(self, place: str) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(BIG_COMPANIES)
        prefix = CITY if place == CITY or rng.random() < 0.4 else place
        return f"{prefix}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}有限公司"

    @staticmethod
    def village_head(village: str) -> str:
        if village.endswith("嘎查"):
            return "嘎查达"
        if village.endswith("社区"):
            return "居委会主任"
        return "村委会主任"

    # --- loading -----------------------------------------------------------------------------
    def build(self) -> None:
        self.load_reference()
        self.make_departments()
        self.make_members()
        self.make_grid_managers()
        self.make_groups()
        self.make_accounts()
        # Opinions last: they need the members and the staff accounts.
        self.counts["opinions"] = load_demo_opinions(rng=self.rng)
        handled = load_demo_handling(rng=self.rng)
        self.counts["forwardings"] = handled.get("forwardings", 0)
        self.counts["bulletins"] = handled.get("bulletins", 0)
        load_demo_citizen_items()
        # Workstations, rotas, a year of liaison activities and the performance ledger.
        load_demo_workstations(rng=self.rng)
        load_demo_activities(rng=self.rng)
        # 委员讲堂 menu and orders in every state, then 典型经验 of activities and a lecture.
        lectures = load_demo_lectures(rng=self.rng)
        self.counts["lecture orders"] = lectures["orders"]
        self.counts["典型经验"] = load_demo_showcases()
        self.lecture_link = lectures["link"]
        # Consultations: topics from opinions, events of every kind, observers, outcomes, and
        # the 典型经验 written up from a closed event.
        self.counts.update(load_demo_consultations(rng=self.rng))
        self.counts["consultation showcases"] = demo_consultation_showcase()
        # Last, once every record is in (the reports count consultations and lectures too):
        # last month's and last quarter's reports of every committee, as the beat job makes
        # them (their leaders get the notices), so the archive is not empty on a fresh demo.
        # (The cockpit's summary table is filled after this, in ``handle``.)
        for kind in (ReportKind.MONTHLY, ReportKind.QUARTERLY):
            self.counts["reports"] += len(periodic_reports_make(kind=kind))

    def load_reference(self) -> None:
        self.committees = list(Committee.objects.order_by("order", "pk"))
        self.municipal = next(c for c in self.committees if c.is_municipal)
        self.terms = {
            t.committee_id: t for t in Term.objects.filter(is_current=True).order_by("pk")
        }
        self.sectors: dict[int, list[Sector]] = defaultdict(list)
        for sector in Sector.objects.order_by("order", "pk"):
            self.sectors[sector.committee_id].append(sector)
        # special committees that look after each sector
        self.specials_by_sector: dict[int, list[SpecialCommittee]] = defaultdict(list)
        self.specials: dict[int, list[SpecialCommittee]] = defaultdict(list)
        through = SpecialCommittee.sectors.through
        links = defaultdict(list)
        for sc_id, sector_id in through.objects.order_by("pk").values_list(
            "specialcommittee_id", "sector_id"
        ):
            links[sc_id].append(sector_id)
        for special in SpecialCommittee.objects.order_by("order", "pk"):
            self.specials[special.committee_id].append(special)
            for sector_id in links[special.pk]:
                self.specials_by_sector[sector_id].append(special)
        self.parties = {p.name: p for p in Party.objects.all()}
        self.expertise = {e.name: e for e in Expertise.objects.order_by("pk")}

        regions = list(Region.objects.order_by("pk"))
        by_id = {r.pk: r for r in regions}
        self.townships: dict[int, list[Region]] = defaultdict(list)  # by committee
        self.villages: dict[int, list[Region]] = defaultdict(list)  # by township
        self.banner_region_name: dict[int, str] = {}  # township id → banner name
        for region in regions:
            if region.level == Region.Level.TOWNSHIP:
                self.townships[region.committee_id].append(region)
                parent = by_id.get(region.parent_id)
                self.banner_region_name[region.pk] = parent.name if parent else ""
            elif region.level == Region.Level.VILLAGE and region.parent_id:
                self.villages[region.parent_id].append(region)
        self.banner_committees = [c for c in self.committees if not c.is_municipal]
        self.committee_by_short = {c.short_name: c for c in self.banner_committees}

    def make_departments(self) -> None:
        wanted = []
        for committee in self.committees:
            if committee.is_municipal:
                names = list(MUNICIPAL_DEPARTMENTS)
            else:
                names = [committee.short_name + n for n in BANNER_DEPARTMENTS]
                names.append(f"鄂尔多斯市生态环境局{committee.short_name}分局")
            wanted.extend((committee, name) for name in names)
        existing = set(Department.objects.values_list("committee_id", "name"))
        rows = []
        for number, (committee, name) in enumerate(wanted, start=1):
            if (committee.pk, name) in existing:
                continue
            department = Department(
                committee=committee,
                name=name,
                # told by e-mail of forwardings while it has no account (console in the demo)
                contact_email=f"dept{number:03d}@{committee.code}.example.gov.cn",
                contact_name=self.person_name(female=self.rng.random() < 0.5, mongolian=False),
                contact_phone="0477-" + "".join(str(self.rng.randrange(10)) for _ in range(7)),
            )
            department.clean_fields(exclude=["committee"])
            department.sort_key = pinyin_sort_key(name)  # bulk_create calls no save()
            rows.append(department)
        Department.objects.bulk_create(rows)
        self.counts["departments"] = len(rows)

    def allocate(self, total: int, sectors: list[Sector]) -> list[Sector]:
        """Split ``total`` members over the sectors by weight (largest remainder, ≥1 each)."""
        weights = [SECTOR_WEIGHTS.get(s.name, DEFAULT_SECTOR_WEIGHT) for s in sectors]
        spare = total - len(sectors)
        shares = [spare * w / sum(weights) for w in weights]
        counts = [1 + int(share) for share in shares]
        order = sorted(range(len(sectors)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
        for i in order[: total - sum(counts)]:
            counts[i] += 1
        return [sector for sector, n in zip(sectors, counts, strict=True) for _ in range(n)]

    def make_members(self) -> None:
        rng = self.rng
        members: list[Member] = []
        expertise_of: list[list[Expertise]] = []
        all_townships = [t for c in self.banner_committees for t in self.townships[c.pk]]
        for committee in self.committees:
            total = MUNICIPAL_MEMBERS if committee.is_municipal else rng.randint(*BANNER_MEMBERS)
            sectors = self.allocate(total, self.sectors[committee.pk])
            taken: set[str] = set()
            levels = self.levels(committee, total)
            for sector, level in zip(sectors, levels, strict=True):
                member, tags = self.member(committee, sector, level, taken, all_townships)
                members.append(member)
                expertise_of.append(tags)
            self.member_counts[committee.pk] = total
        Member.objects.bulk_create(members, batch_size=500)
        through = Member.expertise.through
        through.objects.bulk_create(
            [
                through(member_id=member.pk, expertise_id=tag.pk)
                for member, tags in zip(members, expertise_of, strict=True)
                for tag in tags
            ],
            batch_size=500,
        )
        self.members = members

    def levels(self, committee: Committee, total: int) -> list[str]:
        rng = self.rng
        if committee.is_municipal:
            levels = [Member.Level.MUNICIPAL] * total
            picks = rng.sample(range(total), 15)
            for i in picks[:3]:
                levels[i] = Member.Level.NATIONAL
            for i in picks[3:]:
                levels[i] = Member.Level.REGION
            return levels
        return [
            Member.Level.MUNICIPAL if rng.random() < 0.05 else Member.Level.BANNER
            for _ in range(total)
        ]

    def member(self, committee, sector, level, taken, all_townships):
        rng = self.rng
        # Where the member lives and works: their banner, or (municipal members) the city centre
        # or one of the banners.
        if committee.is_municipal:
            if rng.random() < 0.55:
                place = CITY
                candidates = [
                    t
                    for t in all_townships
                    if self.banner_region_name.get(t.pk) in CITY_CENTRE_BANNERS
                ] or all_townships
            else:
                banner = rng.choice(self.banner_committees)
                place = banner.short_name
                candidates = self.townships[banner.pk] or all_townships
        else:
            place = committee.short_name
            candidates = self.townships[committee.pk] or all_townships
        if sector.name == "农牧业":
            rural = [t for t in candidates if not t.name.endswith("街道")]
            candidates = rural or candidates
        township = rng.choice(candidates) if candidates else None
        villages = self.villages.get(township.pk, []) if township else []
        village = rng.choice(villages).name if villages else "新民村"

        female = rng.random() < FEMALE_SHARE.get(sector.name, 0.3)
        mongolian_share = MONGOLIAN_SHARE.get(sector.name, 0.15)
        if place in PASTORAL_BANNERS:
            mongolian_share = max(mongolian_share, 0.25)
        mongolian = rng.random() < mongolian_share
        if mongolian:
            ethnicity = "蒙古族"
        else:
            roll = rng.random()
            ethnicity = "回族" if roll < 0.03 else "满族" if roll < 0.04 else "汉族"

        unit_template, positions = rng.choice(SECTOR_PROFILES.get(sector.name, DEFAULT_PROFILE))
        values = {
            "p": place,
            "t": township.name if township else "",
            "v": village,
            "head": self.village_head(village),
            "co": self.company(place),
            "firm": f"内蒙古{rng.choice(LAW_WORDS)}律师事务所",
            "law": rng.choice(LAW_WORDS),
            "coop": f"{place}{rng.choice(COMPANY_WORDS)}{rng.choice(COOP_KINDS)}"
            f"{'牧民' if village.endswith('嘎查') else '农民'}专业合作社",
        }
        work_unit = unit_template.format(**values)
        position = rng.choice(positions).format(**values)

        specials = self.specials_by_sector.get(sector.pk, [])
        if specials and rng.random() < 0.8:
            special = rng.choice(specials)
        elif self.specials[committee.pk] and rng.random() < 0.4:
            special = rng.choice(self.specials[committee.pk])
        else:
            special = None

        party_name = SECTOR_PARTY.get(sector.name)
        if party_name is None:
            roll = rng.random()
            if sector.name == "宗教":
                party_name = None
            elif sector.name == "特邀" and roll < 0.4:
                party_name = rng.choice(DEMOCRATIC_PARTIES)
            elif roll < 0.55:
                party_name = "中国共产党"
            elif roll < 0.65:
                party_name = "无党派人士"
        party = self.parties.get(party_name) if party_name else None

        tags = list(SECTOR_EXPERTISE.get(sector.name, ()))
        rng.shuffle(tags)
        tags = tags[: rng.randint(1, min(2, len(tags)))] if tags else []
        if len(tags) < 3 and rng.random() < 0.35:
            tags.append(rng.choice(list(self.expertise)))
        tags = [self.expertise[t] for t in dict.fromkeys(tags) if t in self.expertise]

        roll = rng.random()
        status = (
            Member.Status.ACTIVE
            if roll < 0.95
            else Member.Status.SUSPENDED
            if roll < 0.98
            else Member.Status.LEFT
        )
        member = Member(
            committee=committee,
            term=self.terms.get(committee.pk),
            name=self.unique_name(taken, female=female, mongolian=mongolian),
            gender=Member.Gender.FEMALE if female else Member.Gender.MALE,
            ethnicity=ethnicity,
            birth_year=int(rng.triangular(1958, 1994, 1973)),
            level=level,
            sector=sector,
            special_committee=special,
            party=party,
            is_standing=rng.random() < 0.12,
            work_unit=work_unit[:100],
            position=position[:60],
            region=township,
            phone=self.phone("139"),
            status=status,
        )
        member.clean_fields(
            exclude=[
                "committee",
                "term",
                "sector",
                "special_committee",
                "party",
                "region",
                "user",
                "updated_by",
            ]
        )
        member.sort_key = pinyin_sort_key(member.name, person=True)  # bulk_create calls no save()
        return member, tags

    def make_grid_managers(self) -> None:
        rng = self.rng
        by_township: dict[int, list[Member]] = defaultdict(list)
        by_committee: dict[int, list[Member]] = defaultdict(list)
        for member in self.members:
            if member.status != Member.Status.ACTIVE or member.committee.is_municipal:
                continue
            by_committee[member.committee_id].append(member)
            if member.region_id:
                by_township[member.region_id].append(member)

        managers: list[GridManager] = []
        planned: list[list[Member]] = []
        for committee in self.banner_committees:
            for township in self.townships[committee.pk]:
                for village in self.villages.get(township.pk, []):
                    taken: set[str] = set()
                    for number in range(1, rng.randint(1, 3) + 1):
                        female = rng.random() < 0.45
                        mongolian = rng.random() < (0.5 if village.name.endswith("嘎查") else 0.15)
                        manager = GridManager(
                            committee=committee,
                            region=village,
                            name=self.unique_name(taken, female=female, mongolian=mongolian),
                            phone=self.phone("138"),
                            grid=f"{village.name}第{number}网格",
                            is_active=rng.random() < 0.95,
                        )
                        manager.clean_fields(exclude=["committee", "region"])
                        managers.append(manager)
                        # members of the township first, then anyone of the committee
                        local = by_township.get(township.pk, [])
                        others = [m for m in by_committee[committee.pk] if m not in local]
                        wanted = rng.randint(1, 3)
                        chosen = rng.sample(local, min(wanted, len(local)))
                        if len(chosen) < wanted and others:
                            chosen += rng.sample(others, min(wanted - len(chosen), len(others)))
                        planned.append(chosen)
        GridManager.objects.bulk_create(managers, batch_size=500)

        pairings = []
        for manager, chosen in zip(managers, planned, strict=True):
            for member in chosen:
                started = PAIRING_FIRST_DAY + datetime.timedelta(
                    days=rng.randrange(PAIRING_SPAN_DAYS)
                )
                pairings.append(
                    GridPairing(
                        member=member,
                        grid_manager=manager,
                        started_on=started,
                        note="" if rng.random() < 0.7 else "每季度走访一次，联系群众反映问题",
                    )
                )
        GridPairing.objects.bulk_create(pairings, batch_size=500)
        self.paired_member_ids = {p.member_id for p in pairings}
        self.counts["grid_managers"] = len(managers)
        self.counts["pairings"] = len(pairings)

    def make_groups(self) -> None:
        rng = self.rng
        active = [m for m in self.members if m.status == Member.Status.ACTIVE]
        groups: list[tuple[MemberGroup, list[Member]]] = []

        def leader_of(people: list[Member]) -> Member | None:
            standing = [m for m in people if m.is_standing]
            return (standing or people or [None])[0]

        # 编组下沉: every committee's members are grouped by the township they keep in touch
        # with (municipal members, too, sink into the township they live in).
        by_township: dict[tuple[int, int], list[Member]] = defaultdict(list)
        for member in active:
            if member.region_id:
                by_township[member.committee_id, member.region_id].append(member)
        all_townships = [t for c in self.banner_committees for t in self.townships[c.pk]]
        for committee in self.committees:
            townships = all_townships if committee.is_municipal else self.townships[committee.pk]
            for township in townships:
                people = by_township.get((committee.pk, township.pk), [])
                if len(people) < 3:
                    continue
                name = (
                    f"市政协委员下沉{self.banner_region_name.get(township.pk, '')}"
                    f"{township.name}小组"
                    if committee.is_municipal
                    else f"{township.name}委员小组"
                )
                group = MemberGroup(
                    committee=committee,
                    name=name,
                    kind=MemberGroup.Kind.DOWNWARD,
                    region=township,
                    leader=leader_of(people),
                )
                groups.append((group, people))

        # 界别活动组: a few of each committee's larger sectors.
        for committee in self.committees:
            by_sector: dict[int, list[Member]] = defaultdict(list)
            for member in active:
                if member.committee_id == committee.pk:
                    by_sector[member.sector_id].append(member)
            large = [s for s in self.sectors[committee.pk] if len(by_sector[s.pk]) >= 5]
            for sector in rng.sample(large, min(6 if committee.is_municipal else 3, len(large))):
                people = by_sector[sector.pk]
                group = MemberGroup(
                    committee=committee,
                    name=f"{sector.name}界别活动组",
                    kind=MemberGroup.Kind.SECTOR,
                    sector=sector,
                    leader=leader_of(people),
                )
                groups.append((group, people))

        for group, _people in groups:
            group.clean_fields(exclude=["committee", "region", "sector", "leader"])
        MemberGroup.objects.bulk_create([g for g, _ in groups])
        through = MemberGroup.members.through
        through.objects.bulk_create(
            [
                through(membergroup_id=group.pk, member_id=member.pk)
                for group, people in groups
                for member in people
            ],
            batch_size=500,
        )
        self.counts["groups"] = len(groups)

    def make_accounts(self) -> None:
        committees = {c.code: c for c in self.committees}
        departments = {
            (d.committee_id, d.name): d
            for d in Department.objects.filter(name__in=[a.department for a in ACCOUNTS])
        }
        existing = set(User.objects.values_list("username", flat=True))
        for account in ACCOUNTS:
            committee = committees.get(account.committee_code) if account.committee_code else None
            department = (
                departments.get((committee.pk, account.department))
                if account.department and committee
                else None
            )
            self.account(
                existing,
                account.username,
                account.role,
                committee,
                account.name,
                department=department,
            )

        def pick(committee: Committee, sector_name: str | None) -> Member:
            candidates = [
                m
                for m in self.members
                if m.committee_id == committee.pk
                and m.status == Member.Status.ACTIVE
                and m.level in (Member.Level.MUNICIPAL, Member.Level.BANNER)
            ]
            preferred = [
                m
                for m in candidates
                if (sector_name is None or m.sector.name == sector_name)
                and (committee.is_municipal or m.pk in self.paired_member_ids)
            ]
            return (preferred or candidates)[0]

        dalate = committees.get("dalate", self.banner_committees[0])
        for username, committee, sector_name in (
            ("member", self.municipal, "教育"),
            ("member_dlt", dalate, "农牧业"),
        ):
            member = pick(committee, sector_name)
            self.account(
                existing,
                username,
                User.Role.MEMBER,
                committee,
                member.name,
                member=member,
                note=f" — linked to member #{member.pk}, logs in by phone {member.phone} too",
            )

    def account(
        self, existing, username, role, committee, name, *, department=None, member=None, note=""
    ) -> None:
        """A demo account, with an address at the reserved example domain: its notices' e-mail
        copies are printed by the console backend."""
        committee_label = committee.short_name if committee else "—"
        if username in existing:
            self.account_rows.append((username, role, committee_label, name, " (exists, kept)"))
            return
        user_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            committee=committee,
            name=name,
            phone=member.phone if member else None,
            email=f"{username}@example.com",
            department=department,
            member=member,
        )
        self.counts["accounts"] += 1
        self.account_rows.append((username, role, committee_label, name, note))
