"""The Ordos reference data as tables: the ten committees and their Mongolian names, a sample of
each 旗区's sub-regions, sectors (界别), special committees (专委会), parties and groups, expertise
tags, and the State Council's public-holiday schedules. ``org.reference.load`` writes them."""

from __future__ import annotations

import datetime

from ..models import Party

MUNICIPAL = ("ordos", "鄂尔多斯市政协", "市政协")

# code, committee name, short name, region name, current term number, term start
BANNERS = [
    ("dongsheng", "东胜区政协", "东胜区", "东胜区", 10, datetime.date(2021, 12, 20)),
    ("kangbashi", "康巴什区政协", "康巴什区", "康巴什区", 2, datetime.date(2021, 12, 22)),
    ("dalate", "达拉特旗政协", "达拉特旗", "达拉特旗", 11, datetime.date(2021, 12, 18)),
    ("zhungeer", "准格尔旗政协", "准格尔旗", "准格尔旗", 11, datetime.date(2021, 12, 19)),
    ("etuokeqian", "鄂托克前旗政协", "鄂托克前旗", "鄂托克前旗", 11, datetime.date(2021, 12, 17)),
    ("etuoke", "鄂托克旗政协", "鄂托克旗", "鄂托克旗", 11, datetime.date(2021, 12, 17)),
    ("hangjin", "杭锦旗政协", "杭锦旗", "杭锦旗", 11, datetime.date(2021, 12, 16)),
    ("wushen", "乌审旗政协", "乌审旗", "乌审旗", 11, datetime.date(2021, 12, 16)),
    ("yijinhuoluo", "伊金霍洛旗政协", "伊金霍洛旗", "伊金霍洛旗", 11, datetime.date(2021, 12, 21)),
]

# Mongolian (traditional script) names, shown on the Mongolian pages (issue 16): code → (short
# name = the 旗区, full name of the committee). Initial forms, awaiting review by the
# committee's Mongolian-language staff (docs/translations.md).
MONGOLIAN_NAMES = {
    "ordos": ("ᠬᠣᠲᠠ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ", "ᠣᠷᠳᠣᠰ ᠬᠣᠲᠠ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "dongsheng": ("ᠳᠦᠩᠱᠧᠩ ᠲᠣᠭᠣᠷᠢᠶ᠎ᠠ", "ᠳᠦᠩᠱᠧᠩ ᠲᠣᠭᠣᠷᠢᠶ᠎ᠠ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "kangbashi": ("ᠺᠠᠩᠪᠠᠱᠢ ᠲᠣᠭᠣᠷᠢᠶ᠎ᠠ", "ᠺᠠᠩᠪᠠᠱᠢ ᠲᠣᠭᠣᠷᠢᠶ᠎ᠠ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "dalate": ("ᠳᠠᠯᠠᠳ ᠬᠣᠰᠢᠭᠤ", "ᠳᠠᠯᠠᠳ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "zhungeer": ("ᠵᠡᠭᠦᠨᠭᠠᠷ ᠬᠣᠰᠢᠭᠤ", "ᠵᠡᠭᠦᠨᠭᠠᠷ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "etuokeqian": ("ᠣᠲᠣᠭ ᠤᠨ ᠡᠮᠦᠨᠡᠲᠦ ᠬᠣᠰᠢᠭᠤ", "ᠣᠲᠣᠭ ᠤᠨ ᠡᠮᠦᠨᠡᠲᠦ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "etuoke": ("ᠣᠲᠣᠭ ᠬᠣᠰᠢᠭᠤ", "ᠣᠲᠣᠭ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "hangjin": ("ᠬᠠᠩᠭᠢᠨ ᠬᠣᠰᠢᠭᠤ", "ᠬᠠᠩᠭᠢᠨ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "wushen": ("ᠦᠦᠱᠢᠨ ᠬᠣᠰᠢᠭᠤ", "ᠦᠦᠱᠢᠨ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
    "yijinhuoluo": ("ᠡᠵᠡᠨ ᠬᠣᠷᠢᠶ᠎ᠠ ᠬᠣᠰᠢᠭᠤ", "ᠡᠵᠡᠨ ᠬᠣᠷᠢᠶ᠎ᠠ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠤᠯᠤᠰ ᠲᠥᠷᠦ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠯᠭᠡᠨ"),
}


# A sample of each 旗区's 苏木/镇/街道 and, under them, 嘎查/村/社区. The full tree is maintained by
# administrators; this sample gives every 旗区 enough places for forms, filters and demo data.
SUB_REGIONS = {
    "东胜区": {
        "交通街道": ["宝日陶亥社区", "伊化社区"],
        "林荫街道": ["林荫社区", "团结社区"],
        "天骄街道": ["天骄社区", "杭锦社区"],
        "罕台镇": ["罕台村", "灶火壕村"],
        "泊江海镇": ["泊江海子村", "宗兑村"],
        "铜川镇": ["铜川村", "塔拉壕村"],
    },
    "康巴什区": {
        "哈巴格希街道": ["哈巴格希社区", "康和社区"],
        "青春山街道": ["青春山社区", "乌兰社区"],
        "滨河街道": ["滨河社区", "书香社区"],
        "康新街道": ["康新社区", "阿布亥社区"],
    },
    "达拉特旗": {
        "树林召镇": ["林原村", "新民村"],
        "王爱召镇": ["王爱召村", "榆林子村"],
        "白泥井镇": ["白泥井村", "三份子村"],
        "昭君镇": ["昭君村", "柴登村"],
        "展旦召苏木": ["展旦召嘎查", "新民堡村"],
    },
    "准格尔旗": {
        "薛家湾镇": ["迎泽社区", "沙沟社区"],
        "沙圪堵镇": ["沙圪堵村", "纳林村"],
        "大路镇": ["大路村", "小滩子村"],
        "十二连城乡": ["十二连城村", "蓿亥图村"],
        "布尔陶亥苏木": ["布尔陶亥嘎查", "乌兰哈达嘎查"],
    },
    "鄂托克前旗": {
        "敖勒召其镇": ["珠和社区", "巴音希里嘎查"],
        "上海庙镇": ["上海庙村", "芒哈图嘎查"],
        "城川镇": ["城川村", "大沙头村"],
        "昂素镇": ["昂素嘎查", "哈日根图嘎查"],
    },
    "鄂托克旗": {
        "乌兰镇": ["乌兰社区", "包日塔拉社区"],
        "棋盘井镇": ["棋盘井社区", "巴音乌素嘎查"],
        "蒙西镇": ["蒙西社区", "碱柜村"],
        "木凯淖尔镇": ["木凯淖尔嘎查", "察汗淖尔嘎查"],
        "阿尔巴斯苏木": ["阿尔巴斯嘎查", "赛乌素嘎查"],
    },
    "杭锦旗": {
        "锡尼镇": ["锡尼社区", "阿斯尔嘎查"],
        "独贵塔拉镇": ["独贵塔拉村", "杭锦淖村"],
        "吉日嘎朗图镇": ["吉日嘎朗图嘎查", "锡勒村"],
        "伊和乌素苏木": ["伊和乌素嘎查", "新召嘎查"],
    },
    "乌审旗": {
        "嘎鲁图镇": ["萨如拉社区", "吉祥社区"],
        "乌审召镇": ["乌审召嘎查", "巴音敖包嘎查"],
        "图克镇": ["图克嘎查", "梅林庙嘎查"],
        "无定河镇": ["无定河村", "河南村"],
        "苏力德苏木": ["苏力德嘎查", "沙尔利格嘎查"],
    },
    "伊金霍洛旗": {
        "阿勒腾席热镇": ["天骄社区", "团结社区"],
        "乌兰木伦镇": ["乌兰木伦村", "上湾社区"],
        "札萨克镇": ["札萨克村", "门克庆嘎查"],
        "伊金霍洛镇": ["伊金霍洛村", "伊克昭村"],
        "红庆河镇": ["红庆河村", "西红海子村"],
    },
}

# Mongolian (traditional script) names of some 苏木乡镇, shown on the Mongolian pages (issue 16):
# the 苏木 and the towns whose names are Mongolian, as a sample for the demo; the others show
# their Chinese name until an administrator fills 蒙古文名称. Initial forms, awaiting review by
# the committee's Mongolian-language staff (docs/translations.md).
TOWNSHIP_MONGOLIAN_NAMES = {
    "展旦召苏木": "ᠵᠠᠨᠳᠠᠨ ᠵᠤᠤ ᠰᠤᠮᠤ",
    "布尔陶亥苏木": "ᠪᠣᠷ ᠲᠣᠬᠠᠢ ᠰᠤᠮᠤ",
    "阿尔巴斯苏木": "ᠠᠷᠪᠤᠰ ᠰᠤᠮᠤ",
    "伊和乌素苏木": "ᠶᠡᠬᠡ ᠤᠰᠤ ᠰᠤᠮᠤ",
    "苏力德苏木": "ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ",
    "乌兰镇": "ᠤᠯᠠᠭᠠᠨ ᠪᠠᠯᠭᠠᠰᠤ",
    "锡尼镇": "ᠰᠢᠨ᠎ᠡ ᠪᠠᠯᠭᠠᠰᠤ",
    "吉日嘎朗图镇": "ᠵᠢᠷᠭᠠᠯᠠᠩᠲᠤ ᠪᠠᠯᠭᠠᠰᠤ",
    "嘎鲁图镇": "ᠭᠠᠯᠤᠲᠤ ᠪᠠᠯᠭᠠᠰᠤ",
    "乌审召镇": "ᠦᠦᠱᠢᠨ ᠵᠤᠤ ᠪᠠᠯᠭᠠᠰᠤ",
    "阿勒腾席热镇": "ᠠᠯᠲᠠᠨ ᠰᠢᠷᠡ ᠪᠠᠯᠭᠠᠰᠤ",
    "札萨克镇": "ᠵᠠᠰᠠᠭ ᠪᠠᠯᠭᠠᠰᠤ",
}

SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "工商联",
    "科协",
    "科技",
    "社科",
    "经济",
    "农牧业",
    "教育",
    "文化艺术",
    "医药卫生",
    "体育",
    "新闻出版",
    "社会福利和社会保障",
    "少数民族",
    "宗教",
    "特邀",
]
# A 旗区 committee has no democratic-party sectors of its own in most banners; they sit in 特邀.
BANNER_SECTORS = [
    "中共",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "工商联",
    "科协",
    "科技",
    "经济",
    "农牧业",
    "教育",
    "文化艺术",
    "医药卫生",
    "体育",
    "社会福利和社会保障",
    "少数民族",
    "宗教",
    "特邀",
]

# special committee → the sectors it looks after
SPECIAL_COMMITTEES = {
    "提案委员会": ["中共", "特邀"],
    "经济委员会": ["经济", "工商联", "民建"],
    "农牧业和农村委员会": ["农牧业"],
    "人口资源环境委员会": ["科技", "科协", "九三学社", "致公党"],
    "教科卫体委员会": ["教育", "医药卫生", "体育", "民进", "农工党"],
    "社会和法制委员会": ["社会福利和社会保障", "工会", "妇联", "共青团", "民盟"],
    "民族宗教委员会": ["少数民族", "宗教", "民革"],
    "文化文史和学习委员会": ["文化艺术", "新闻出版", "社科", "无党派人士"],
}
BANNER_SPECIAL_COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "农牧业和农村委员会",
    "社会和法制委员会",
    "文化文史和学习委员会",
]

PARTIES = [
    ("中国共产党", Party.Kind.CPC),
    ("中国国民党革命委员会", Party.Kind.DEMOCRATIC),
    ("中国民主同盟", Party.Kind.DEMOCRATIC),
    ("中国民主建国会", Party.Kind.DEMOCRATIC),
    ("中国民主促进会", Party.Kind.DEMOCRATIC),
    ("中国农工民主党", Party.Kind.DEMOCRATIC),
    ("中国致公党", Party.Kind.DEMOCRATIC),
    ("九三学社", Party.Kind.DEMOCRATIC),
    ("无党派人士", Party.Kind.NON_PARTY),
    ("共青团", Party.Kind.PEOPLES),
    ("总工会", Party.Kind.PEOPLES),
    ("妇联", Party.Kind.PEOPLES),
    ("工商联", Party.Kind.PEOPLES),
    ("科协", Party.Kind.PEOPLES),
    ("知识分子联谊会", Party.Kind.UNITED_FRONT),
    ("新的社会阶层人士联谊会", Party.Kind.UNITED_FRONT),
]

EXPERTISE = [
    "教育",
    "科技",
    "文化",
    "卫生",
    "法律",
    "生态",
    "经济",
    "金融",
    "农牧业",
    "能源",
    "城乡建设",
    "社会保障",
    "民族宗教",
    "文化旅游",
    "心理健康",
    "乡村振兴",
]


# --- the working-day calendar (org.calendar) ---------------------------------------------------
# The State Council's holiday schedules (国务院办公厅关于部分节假日安排的通知): 2025 — 国办发明电
# 〔2024〕12号; 2026 — 国办发明电〔2025〕7号. Per festival: its name, the days off (first, last,
# inclusive; weekend days inside the break are listed too) and the weekend days worked instead
# (调休上班). Checked against the notices' text and, independently, against the PyPI package
# chinese-calendar 1.11.0 (its constants for 2025 and 2026 agree day for day). Later years are
# entered by staff in the admin (节假日与调休) once the notice is out, usually in November.
HOLIDAY_SCHEDULES: dict[int, list[tuple[str, tuple[str, str], tuple[str, ...]]]] = {
    2025: [
        ("元旦", ("2025-01-01", "2025-01-01"), ()),
        ("春节", ("2025-01-28", "2025-02-04"), ("2025-01-26", "2025-02-08")),
        ("清明节", ("2025-04-04", "2025-04-06"), ()),
        ("劳动节", ("2025-05-01", "2025-05-05"), ("2025-04-27",)),
        ("端午节", ("2025-05-31", "2025-06-02"), ()),
        ("国庆节、中秋节", ("2025-10-01", "2025-10-08"), ("2025-09-28", "2025-10-11")),
    ],
    2026: [
        ("元旦", ("2026-01-01", "2026-01-03"), ("2026-01-04",)),
        ("春节", ("2026-02-15", "2026-02-23"), ("2026-02-14", "2026-02-28")),
        ("清明节", ("2026-04-04", "2026-04-06"), ()),
        ("劳动节", ("2026-05-01", "2026-05-05"), ("2026-05-09",)),
        ("端午节", ("2026-06-19", "2026-06-21"), ()),
        ("中秋节", ("2026-09-25", "2026-09-27"), ()),
        ("国庆节", ("2026-10-01", "2026-10-07"), ("2026-09-20", "2026-10-10")),
    ],
}
