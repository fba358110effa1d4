"""The project's name and unit, read the way staff write them.

    某县生态环境局2027年农村生活污水治理设施运维项目  → unit 某县生态环境局, name 2027年…运维项目
    我们是某区民政局，2027年申报社区老年助餐补贴资金    → unit 某区民政局, name 2027年社区老年助餐补贴资金
    …经费，某县交通运输局申报 / 由县文化和旅游局组织实施 / 我局（某县水利局） → the unit
"""

from __future__ import annotations

import re

_UNIT_SUFFIX = (r"(?:人民政府|委员会|办公室|事务中心|服务中心|中心|管理局|局|委|馆|院|站|所|队|基金会|红十字会|协会|联合会|总工会|工会|妇联|团委|"
                r"残联|科协|处|厅|街道办事处|街道|学校|小学|中学|幼儿园|医院|公司|大队|支队|人民武装部|部)")
_NAME_SUFFIX = r"(?:项目|(?<![春环细章关礼季调情])节|运维|工作经费|经费|资金|工程|补贴|补助|活动|报酬|补助金|奖补|奖励|管理费|服务费|运维费|运行费|物业费|维修费|燃油费|租赁费|购置费|培训费|会议费|宣传费|检测费|保险费|慰问金|助学金|奖学金|奖励金|抚恤金|补偿金|津贴|规划编制|方案编制)"
# 项目名称：…, 项目名就叫…, 项目叫…: the name as the user gives it
_EXPLICIT_NAME = re.compile(r"(?:项目名称\s*[:：是为]?|项目名(?:称)?\s*(?:就)?(?:叫做|叫|是|为)|项目(?:就)?(?:叫做|叫)|项目是(?=20\d{2}))\s*"
                            r"[“\"]?([^，。；;,\n“”\"]{2,40})")
_EXPLICIT_UNIT = re.compile(r"(?:申报单位|实施单位|单位名称|主管单位|单位)\s*[:：是为]\s*([^，。；;,\n]{2,30})")
_WE_ARE = re.compile(r"(?:^|[，。；\n])\s*(?:(?:我们|我单位|我们单位|本单位)(?:是|系|为)?|(?:这边|这里)是|我是|我在)([^，。；;,\n]{2,24}?" + _UNIT_SUFFIX + r")")
# A clause that is the project's name: "[unit]2027年…项目", possibly after 要办/申报/实施 ….
_NAME_CLAUSE = re.compile(r"([^，。；;,\n]{2,44}?" + _NAME_SUFFIX + r")(?=[，。；;,\n（(：:]|$|\d|[零一二两三四五六七八九十百千]+万?元|共|合计|预算|约|主要|用于|包括)")
_LEAD_VERBS = re.compile(r"^(?:我们单位|我们这边|我们|我单位|我这边|这边|今年|明年|本单位)?(?:想|要|拟|准备|计划|打算)?"
                         r"(?:举办|承办|组织|做|(?<=[想要拟备划算])办|(?<=[想要拟备划算])报|搞|申报|开展|实施|编制|有|申请|安排)"
                         r"(?:一个|个|一期|一项|一批|一笔)?")
# A unit heads a name when a year follows it, or when it names its place (某县…, 市…馆): “户外劳动者服务站点…” is no unit.
_UNIT_HEAD = re.compile(r"^(.{1,20}?(?:" + _UNIT_SUFFIX[3:-1] + r"|镇|乡)(?:（[^（）]{1,12}）)?)(?=(?:申请|申报)?20\d{2}\s*年)"
                        r"|^((?:某|.{0,6}?(?:省|市|县|区|州|旗|镇|乡)(?!村))(?:.{1,18}?|(?=委员会|人民政府))" + _UNIT_SUFFIX + r")(?![有属])(?=[\u4e00-\u9fa5]{2})")
# "…资金，某市交通运输局，2027年…" or "…资金，某市交通运输局2027年申报": the unit as a clause of its own
# (a request before a colon is no part of the unit: 想请你帮忙编个绩效目标：某区民政局，…)
_UNIT_CLAUSE = re.compile(r"(?:^|[，。；;,\n：:])\s*(?:由\s*)?([^，。；;,\n\d：:]{2,24}?" + _UNIT_SUFFIX
                          + r")\s*(?=[，。；;,\n]|申报|申请|牵头|报(?=[，。；;,]|预算)|对(?=[\u4e00-\u9fa5])|20\d{2}\s*年度?(?:申报|申请|安排|实施|预算|计划|拟|要|将|准备|打算|想)"
                          r"|(?:打算|准备|计划|拟|想|要)在?20\d{2}\s*年)")
# "我局（某县水利局）负责…": the unit named in an aside after 我局/我委
_OUR_ASIDE = re.compile(r"我(?:局|委|办|院|中心|馆|站|所|队|会)\s*[（(]\s*((?:某|本)[^）)]{2,20}?" + _UNIT_SUFFIX + r")\s*[）)]")
# "…由县文化和旅游局组织实施", "由某市医疗保障局通过政府购买服务…": the unit that carries the project out
_BY_UNIT = re.compile(r"由\s*([^，。；;,\n由]{2,20}?" + _UNIT_SUFFIX + r")\s*(?:20\d{2}\s*年度?)?(?=组织|负责|牵头|具体|实施|通过|委托|承担|统一)")
# what may follow a unit's short form and still be the unit: 某市委 + 宣传部, then an aside （市社科规划办）
_UNIT_REST = re.compile(r"^(?:[\u4e00-\u9fa5]{1,6}?(?:办公室|中心|部|局|办|室))?(?:（[^（）]{1,12}）)?")
_VERB_AFTER_YEAR = re.compile(r"^(20\d{2}\s*年度?)(?:计划|拟|申报|申请|安排|要|需要|实施|开展|做|想|准备|打算)*"
                              r"(?:(?:报|办|搞|做)(?:一个|个|一项)?)?")  # 2027年想报一个…项目, 2027年搞个…工程
# A brief that opens with its year and a topic and goes on with the unit or the money: the topic is the name.
_YEAR_TOPIC = re.compile(r"^\s*(20\d{2}\s*年度?(?![\u4e00-\u9fa5]*?(?:我|计划|拟|准备|打算|想|要|需))[\u4e00-\u9fa5“”]{4,30})[，,]"
                         r"\s*(?=[^，。；;,\n]{0,24}?" + _UNIT_SUFFIX + r"[，,。]|预算|资金|经费|申请)")
# "卫片执法图斑核查这块，我们…想申请点经费": the topic the brief opens with names what the money is for
_TOPIC_OPENING = re.compile(r"^\s*([\u4e00-\u9fa5“”]{4,20}?)(?:这块|这一块|这方面|方面)(?:工作)?[，,]")
# "2027年打算继续开展群众性应急救护培训，…", "2027年准备拿出40万元做社区公益创投，…": the work of the year, when nothing
# else names the project
_YEAR_WORK = re.compile(r"(20\d{2}\s*年度?)(?:[^，。；;,\n]{0,12}?)(?:继续)?(?:开展|组织|实施|举办|做|搞)"
                        r"([\u4e00-\u9fa5“”]{4,20}?)(?:[一两二三四五六七八九十]+[场次期届个项批])?(?=[，,。；;]|$)")
_NOT_A_NAME = re.compile(r"^(?:我们|我单位|给|向|对|面向|征集|择优|预算|资金|经费|总投资|共|合计|其中|主要|用于|包括|计划|预计|负责|全年|每|人均|亩均|生均|户均|按)")


def project_name_and_unit(text: str) -> tuple[str, str, bool]:
    """(name, unit, explicit) as stated; "" for what the text does not say; explicit when 项目名称 says it."""
    unit = ""
    if m := _EXPLICIT_UNIT.search(text):
        unit = m.group(1).strip()
    elif m := _OUR_ASIDE.search(text):
        unit = m.group(1).strip()
    elif m := _WE_ARE.search(text):
        unit = m.group(1).strip() + _UNIT_REST.match(text[m.end():]).group(0)
    elif m := _UNIT_CLAUSE.search(text):  # "就业困难人员培训补贴资金，某县人社局，2027年…"
        unit = _placed(m.group(1).strip(), text)
    if not unit and (m := _BY_UNIT.search(text)):
        unit = _placed(m.group(1).strip(), text)
    if m := _EXPLICIT_NAME.search(text):
        return m.group(1).strip(), unit, True
    for clause in _NAME_CLAUSE.finditer(text):
        if re.match(r"\s*\d+(?:\.\d+)?\s*(?:个|项|家|场|次)", text[clause.end():]):
            continue  # "签约项目10个": the label of a count, not the project's name
        # 想请你帮忙编一下绩效目标：某市…项目: a name holds no colon, the request before one is no part of it
        phrase = _LEAD_VERBS.sub("", re.sub(r"^[^：:]*[：:]", "", clause.group(1).strip()))
        phrase = re.sub(r"^(?:我们|我单位)?(?:是|的)", "", phrase)
        phrase = _VERB_AFTER_YEAR.sub(r"\1", phrase)
        if unit and phrase.startswith(unit):
            phrase = phrase[len(unit):]
        elif (head := _UNIT_HEAD.match(phrase)) and not re.match(r"^20\d{2}", phrase):
            found_unit = head.group(1) or head.group(2)
            if not unit:
                unit = found_unit
            phrase = phrase[len(found_unit):]
        # 某县教育局申请2027年…经费, 某县城市管理局打算2027年做…项目
        phrase = re.sub(r"^(?:申请|申报|想|要|拟|准备|计划|打算)在?(?=20\d{2})", "", _LEAD_VERBS.sub("", phrase))
        phrase = re.sub(r"^(20\d{2}\s*年)的", r"\1", phrase)  # 这边想报一个2027年的综合应急演练项目
        phrase = _VERB_AFTER_YEAR.sub(r"\1", phrase)  # "某县自然资源局2027年要做…": the verb after the unit's year
        if len(phrase) >= 4 and not _NOT_A_NAME.match(phrase) and not re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|万)", phrase):
            phrase = re.sub(r"的(?=" + _NAME_SUFFIX + r"$)", "", phrase.lstrip("的"))  # …服务保障的项目 → …服务保障项目
            dated = re.match(r"(20\d{2}\s*年度?)(.*)$", phrase)
            year, core = dated.groups() if dated else ("", phrase)
            if year and not unit and (head := _UNIT_HEAD.match(core)) and (head.group(2) or "").startswith("某"):
                # 2027年某县林业局古树名木保护项目: the unit between the year and the name (市行政中心办公楼,
                # 县殡仪馆火化设备 are what the money is for)
                unit, core = head.group(2), core[len(head.group(2)):]
                phrase = f"{year}{core}"
            if len(re.sub(_NAME_SUFFIX + r"$", "", core)) >= 2:
                return phrase, unit, False
            if topic := _TOPIC_OPENING.match(text):  # 2027年 + 点经费: the money's topic is the brief's opening
                suffix = re.search(_NAME_SUFFIX + r"$", core)
                named = topic.group(1) + (suffix.group(0) if suffix else "")
                return f"{year}{named}", unit, False
    if m := _YEAR_TOPIC.match(text):  # "2027年度国土变更调查，某县自然资源局，预算96万元": the opening topic
        return m.group(1), unit, False
    if m := _YEAR_WORK.search(text):  # "2027年打算继续开展群众性应急救护培训，…": the year's work
        return m.group(1) + m.group(2), unit, False
    return "", unit, False


def _placed(unit: str, text: str) -> str:
    """县文化和旅游局 in a brief about 某县 → 某县文化和旅游局: the unit with the place the brief names."""
    place = re.search(r"某([省市县区州镇乡])", text)
    if place and unit.startswith(place.group(1)):
        return f"某{unit}"
    return unit
