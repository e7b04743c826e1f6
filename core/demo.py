"""Made-up people for the apps' demo loaders: Han and Mongolian names as Ordos has them, and
mobile numbers never handed out twice in one load. Deterministic for a given ``random.Random``:
the loaders share one generator, so its calls stay in the order the loaders make them."""

from __future__ import annotations

import random

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


class DemoPeople:
    """Names and unique phone numbers drawn from one ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phones: set[str] = set()

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

    def unique_name(self, taken: set[str], *, female: bool, mongolian: bool) -> str:
        """A name not in ``taken`` (after 20 tries, whatever came last), added to it."""
        for _ in range(20):
            name = self.person_name(female=female, mongolian=mongolian)
            if name not in taken:
                break
        taken.add(name)
        return name
