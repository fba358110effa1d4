"""Which sector (所属领域) a project belongs to, guessed from its name and description.

The sector steers retrieval: precedents and library rows of the same sector come first.
"""

from __future__ import annotations

# Keywords per sector; the sector with the most (longest-first) hits wins.
SECTOR_KEYWORDS: dict[str, tuple[str, ...]] = {
    "就业培训": ("就业", "职业技能", "技能培训", "创业", "技能鉴定", "技能竞赛", "人社", "再就业", "农民工", "失业"),
    "教育": ("学校", "学生", "教育", "助学", "资助", "教学", "校园", "幼儿园", "课程", "党校", "教师", "小学", "中学"),
    "卫生健康": ("卫生", "医疗", "疫苗", "疾控", "防治", "健康", "医院", "康复", "病", "体检", "接种"),
    "农业农村": ("农田", "农业", "种植", "养殖", "粮食", "水利", "灌溉", "乡村振兴", "农户", "种养", "农机", "水价"),
    "交通": ("道路", "公路", "桥梁", "交通", "路面", "公交"),
    "机关运行": ("办公", "物业", "机关", "运行保障", "车辆", "燃油", "档案", "安保", "保洁", "维修维护"),
    "信息化": ("信息化", "系统", "运维", "软件", "网络", "数据", "平台建设", "机房", "信息系统"),
    "民政救助": ("救助", "低保", "特困", "补助发放", "残疾", "养老", "优抚", "临时救助", "孤儿", "困难群众"),
    "文化旅游": ("文化", "博物馆", "图书馆", "旅游", "演出", "非遗", "文艺", "体育", "纪念馆"),
    "科研": ("科研", "课题", "研究", "实验", "专利", "论文", "调研"),
    "城乡建设": ("改造", "管网", "绿化", "市政", "住房", "保障房", "燃气", "瓶改管", "老旧小区", "建设工程"),
    "生态环境": ("环境", "污染", "生态", "造林", "林业", "抑尘", "垃圾", "环保", "水质"),
    "市场监管": ("食品安全", "市场监管", "监管", "抽检", "质量监督", "再生资源"),
    "财政金融": ("金融", "贷款", "担保", "贴息", "普惠"),
}


def guess_sector(text: str) -> str | None:
    """The best-matching sector, or None when no keyword appears."""
    scores = {
        sector: sum(len(word) for word in words if word in text) for sector, words in SECTOR_KEYWORDS.items()
    }
    best = max(scores, key=lambda s: scores[s])
    return best if scores[best] > 0 else None
