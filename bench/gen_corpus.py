"""Generate N realistic newspaper pages for benchmarks and tests, deterministically from a seed.

Each page is a local paper's page as PDF extraction leaves it: several articles with a kicker or
headline, a byline (``本报讯（记者X 通讯员Y）``), dates and counts split over lines, text hard-wrapped
every 13-16 characters with blank lines between, and photo captions ending in ``X 摄``. People,
organisations and cities are recombined from name lists written here and from the national gazetteer
(cpca's adcodes.csv, read as a data file), so a large corpus has many distinct entities.

    python bench/gen_corpus.py 1000 /tmp/corpus            # 1000 .txt pages
    python bench/gen_corpus.py 1000 /tmp/c.jsonl --jsonl   # one JSONL corpus
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
    "姚姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "建国志强海燕丽娟明辉国栋秀兰文博晓东玉梅春华振宇雪莲俊杰红霞德胜桂芳永康淑珍立新凤英世平家豪"
    "思远雅琴宏伟慧敏子涵浩然欣怡鹏飞秋菊长青瑞丰嘉怡少峰卫东翠萍向阳晨阳梦洁凯旋婉婷书林"
)
#: organisation patterns under a place name: (suffix, kind)
PLACE_ORGS = (
    "总工会",
    "人民医院",
    "中医院",
    "第一高级中学",
    "实验小学",
    "教育局",
    "交通运输局",
    "人力资源和社会保障局",
    "妇女联合会",
    "供电公司",
    "自来水公司",
    "文化馆",
    "科技局",
    "税务局",
    "农村商业银行",
)
BRANDS = [
    "华兴",
    "恒丰",
    "金穗",
    "宏达",
    "鑫源",
    "瑞通",
    "天成",
    "永盛",
    "博远",
    "中科",
    "汇丰源",
    "东方红",
    "绿野",
    "银河",
    "新时代",
]
INDUSTRIES = ["机械", "纺织", "化工", "食品", "建材", "电子", "物流", "钢铁", "制药", "能源"]
UNIT_SUFFIXES = ("工会", "团委", "办公室", "第二分公司", "车间")
ROLES = ("主席", "副主席", "局长", "院长", "校长", "总经理", "董事长", "主任", "负责人")
TOPICS = (
    "职工技能",
    "安全生产",
    "女职工维权",
    "心理健康",
    "劳动法律",
    "消防知识",
    "应急救护",
    "财务管理",
)
EVENTS = ("培训班", "座谈会", "表彰大会", "知识竞赛", "技能比武", "健康讲座", "现场观摩会")


@lru_cache(maxsize=1)
def gazetteer() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(county, city) pairs and city -> province from cpca's adcodes.csv (without importing cpca)."""
    path = Path(importlib.util.find_spec("cpca").origin).parent / "resources" / "adcodes.csv"
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names[row["adcode"]] = row["name"]
    counties, province_of = [], {}
    for code, name in sorted(names.items()):
        if code.startswith("4108"):  # keep generated pages away from the sample page's city
            continue
        city = names.get(code[:4] + "00000000")
        province = names.get(code[:2] + "0000000000")
        if code.endswith("00000000") or not city or not province or city == name:
            if city and province and code.endswith("00000000") and not code.endswith("0000000000"):
                province_of[city] = province
            continue
        if code.endswith("000000") and len(name) >= 2 and not name.endswith("辖区"):
            counties.append((name, city))
    return counties, province_of


@dataclass
class Ctx:
    rng: random.Random
    city: str
    province: str
    counties: list[str]

    def person(self) -> str:
        r = self.rng
        given = "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2, 2))))
        return r.choice(SURNAMES) + given

    def place(self) -> str:
        return self.rng.choice(self.counties)

    def org(self) -> str:
        r = self.rng
        if r.random() < 0.35:
            return f"{r.choice(BRANDS)}{r.choice(INDUSTRIES)}有限公司"
        return (r.choice((self.city, self.place())) if r.random() < 0.6 else self.city) + r.choice(PLACE_ORGS)


def _article(c: Ctx) -> str:
    r = c.rng
    reporter, corr, head, guest = c.person(), c.person(), c.person(), c.person()
    org, host = c.org(), c.org()
    county = c.place()
    month, day, n = r.randint(1, 12), r.randint(1, 28), r.randint(20, 300)
    topic, event = r.choice(TOPICS), r.choice(EVENTS)
    role = r.choice(ROLES)
    headline = r.choice(
        (
            f"{org}举办{topic}{event}",
            f"{county}扎实推进{topic}工作",
            f"{org}{topic}{event}圆满落幕",
        )
    )
    kicker = r.choice(("", f"聚焦{topic}", "服务职工 凝聚力量"))
    byline = r.choice(
        (
            f"本报讯（记者{reporter} 通讯员{corr}）",
            f"本报讯 （记者 {reporter}）",
            f"本报记者 {reporter} 通讯员 {corr}",
        )
    )
    body = [
        f"{month}月{day}日，{org}在{county}举办{topic}{event}，来自{c.city}各县区的{n}余名职工参加。",
        f"{org}{role}{head}在讲话中指出，要把{topic}工作摆在突出位置，切实维护职工合法权益。",
        f"本次活动邀请{host}专家{guest}授课，{guest}结合典型案例，围绕{topic}进行了深入浅出的讲解。",
        f"据了解，今年以来，{c.province}{c.city}已累计开展各类{event}{r.randint(3, 40)}场次，"
        f"投入资金{r.randint(2, 90)}万余元，惠及职工{r.randint(500, 9000)}人次。",
        f"{county}{r.choice(PLACE_ORGS)}{r.choice(ROLES)}{c.person()}介绍，"
        f"下一步将联合{c.org()}建立长效机制，推动{topic}工作常态化、制度化。",
        f"活动中，{guest}还与职工进行了互动交流，现场解答了大家关心的{r.randint(10, 60)}个问题。",
        f"{c.city}{r.choice(PLACE_ORGS)}有关负责人{c.person()}表示，"
        f"将以此次{event}为契机，进一步提升服务职工的能力和水平。",
        f"参加活动的职工纷纷表示，通过学习，对{topic}有了更深的认识，将把所学知识运用到实际工作中。",
    ]
    middle = body[1:-1]
    r.shuffle(middle)
    body = [body[0], *middle[: r.randint(4, len(middle))], body[-1]]
    lines = [kicker] if kicker else []
    lines += [headline, byline + body[0], *body[1:]]
    if r.random() < 0.5:
        lines.append(f"图为{event}现场。{c.person()} 摄")
    return "\n".join(lines)


def _wrap(text: str, rng: random.Random) -> str:
    """Lay a page out as PDF extraction does: short lines, numbers alone, blank lines between."""
    out: list[str] = []
    for para in text.split("\n"):
        width = rng.randint(13, 16)
        line = ""
        i = 0
        while i < len(para):
            ch = para[i]
            starts_number = ch.isdigit() and (i == 0 or not para[i - 1].isdigit())
            if starts_number and rng.random() < 0.6:  # a number on a line of its own
                j = i
                while j < len(para) and para[j].isdigit():
                    j += 1
                if line:
                    out.append(line)
                out.append(para[i:j])
                line, i = "", j
                continue
            line += ch
            i += 1
            if len(line) >= width:
                out.append(line)
                line = ""
        if line:
            out.append(line)
    return "\n\n".join(out) + "\n"


def page(n: int, seed: int = 0) -> tuple[str, str]:
    """Page ``n`` of the corpus for ``seed``: (document id, text). The same (n, seed), the same page."""
    rng = random.Random(f"{seed}:{n}")
    counties, province_of = gazetteer()
    cities = sorted(province_of)
    city = rng.choice(cities)
    local = [name for name, c in counties if c == city] or [name for name, _ in rng.sample(counties, 5)]
    ctx = Ctx(rng, city, province_of[city], local)
    articles = [_article(ctx) for _ in range(rng.randint(6, 10))]
    return f"p{n:06d}", _wrap("\n".join(articles), rng)


def write_corpus(n: int, out: Path, seed: int = 0, jsonl: bool = False) -> Path:
    """Write ``n`` pages into folder ``out`` (``.txt`` files) or into the JSONL file ``out``."""
    out = Path(out)
    if jsonl:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as f:
            for i in range(n):
                doc_id, text = page(i, seed)
                f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        doc_id, text = page(i, seed)
        (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("out", type=Path, help="output folder (or .jsonl file with --jsonl)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", action="store_true", help="write one JSONL corpus instead of .txt files")
    a = ap.parse_args()
    path = write_corpus(a.n, a.out, a.seed, a.jsonl)
    print(path)


if __name__ == "__main__":
    main()
