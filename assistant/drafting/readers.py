"""Reading a brief the way staff write it: every number with what it counts (the project's name and unit:
assistant.drafting.namereaders).

    负责全县42座农村污水处理站        → 农村污水处理站 42座 (the counted thing follows its measure word)
    培训500人 / 服务12万人次          → 培训 500人 / 服务 12万人次 (the verb before the number)
    每季度开展一次水质检测            → 水质检测 4次 a year (a frequency)
    每餐补贴5元 / 每人每月780元 / 亩均投资1500元 → unit standards 元/餐, 元/人·月, 元/亩
    约6万剂次                         → 6万剂次, kept as a target (Chinese numerals: assistant.drafting.numerals)
Each reader returns plain tuples; assistant.drafting.brief folds them into the ProjectBrief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---- numbers -----------------------------------------------------------------------------------

NUM = r"(\d+(?:\.\d+)?)"
# Measure words after which the counted thing follows (42座农村污水处理站, 75名村干部, 18个助餐点).
CLASSIFIERS = ("个", "座", "所", "台", "套", "辆", "处", "家", "条", "件", "项", "名", "支", "块", "张", "把", "艘", "架", "眼", "口",
               "栋", "间", "顶", "床", "组", "盏", "根", "面", "幅", "樘", "株", "棵", "种")
COUNT_UNITS = ("人次", "人", "名", "户", "次", "场", "期", "批次", "个", "所", "台", "套", "辆", "件", "篇", "份",
               "门", "公里", "千米", "米", "亩", "平方米", "立方米", "座", "处", "项", "家", "课时", "学时", "剂次", "剂",
               "吨", "张", "册", "部", "条", "批", "村", "校", "节", "株", "棵", "平方公里", "餐", "支", "块", "艘", "架",
               "眼", "口", "栋", "间", "本", "卷", "件次", "户次", "场次", "天", "个月", "页", "顶", "床", "组", "尾", "头",
               "羽", "只", "辆次", "车次", "车公里", "班次", "樘", "台件", "家次", "起", "宗", "单", "路", "盏", "根", "箱", "袋", "套次", "轮", "面", "幅", "块", "千瓦时", "千瓦",
               "台次", "公顷", "对", "字", "种", "例")
BATCHES = ("批", "批次", "期", "轮")  # the work done in parts: 分四批, 分两期
_UNIT_ALT = "|".join(sorted(COUNT_UNITS, key=len, reverse=True))
# (the 约 of 签约, 预约, 节约 is part of the word before the number, not "about": NOT_ABOUT)
NOT_ABOUT = r"(?<![签预节契公制履合邀特相隐])"
COUNT_RE = re.compile(r"(" + NOT_ABOUT + r"约|大约|近|超过|不少于|不低于|至少|达到|不超过|不多于|最多)?\s*" + NUM + r"\s*(万)?\s*(" + _UNIT_ALT + r")(?![/\u5143])")
_AFTER_NOUN = re.compile(r"^([\u4e00-\u9fa5]{1,12}?)(?=共|[的，。；、,;\s（(和及与并等开进组实完覆在为于按，\d]|$|进行|开展|实施|完成|提供|全部|每"
                         r"|配备|购置|采购|安装|聘用|选聘|发放|(?:全年)?(?:正常)?(?:运营|运行)(?:[，。；;,\s]|$))")
_VERB_FIRST = re.compile(r"^(?:开展|参加|参与|进行|接受|完成|实施|提供|负责|用于|建立|签订)")
_STOP_BEFORE = re.compile(r"[^\u4e00-\u9fa5A-Za-z]|[的和及与]")
_LABEL_NOISE = re.compile(r"^(?:按照|按|根据|另外|此外|另|同时|并且|还要|还|并|确保|力争|保证|[在为](?:全县|全区|全市|全镇|全乡|辖区|市区|城区|县城)|计划|预计|拟|共计|共|开展|组织|举办|全年|年度|今年|明年|本年|合计|累计|总共|大约|约|实现|新增|达到|不少于|不低于|"
                          r"至少|其中|全县|全区|全市|全镇|全乡|辖区|负责|设立|设(?![置计备施])|现有|共有|有(?![效关序])|涉及|覆盖|惠及|完成|想|争取)+")
ACTION_VERBS = ("运维", "维护", "养护", "维修", "改造", "建设", "新建", "购置", "配备", "更新", "抽检", "检测", "监测", "培训",
                "资助", "补助", "救助", "慰问", "接种", "发放", "整治", "清理", "修缮", "安装", "巡查", "管护", "保洁", "投放",
                "免疫", "放流", "检定")

# The one-character verbs of speech (买X光安检机4台, 配信息采集员30名, 每半年开一次法治讲座, 每周出一期简报) and the
# verb an approved form writes after the thing instead ("" when the thing alone says it: 督导 for 做督导).
SPOKEN_VERBS = {"买": "购置", "购": "购置", "配": "配备", "装": "安装", "请": "聘请", "招": "招聘", "开": "举办", "办": "举办",
                "出": "出具", "做": "", "搞": "", "补": "补助"}
# …unless the character begins a word of its own (配送, 装修, 招商, 开展, 出租, 做好).
_SPOKEN_LEAD = re.compile(r"^([买购配装请招做搞])(?![送餐套备置电合方水偶额修饰卸载示求假商聘募标收生好实强买物房])"
                          r"(?=[\u4e00-\u9fa5A-Za-z]{2})")


def written_verb(verb: str) -> str:
    """开 → 举办, 出 → 出具, 做 → "": the verb of a frequency as an approved form writes it."""
    return SPOKEN_VERBS.get(verb, verb)


def verb_after_thing(label: str) -> str:
    """买X光安检机 → X光安检机购置, 配信息采集员 → 信息采集员配备: a spoken verb before the thing goes after it, in the
    form's word; a label that opens with a word of its own (配送车辆, 招商推介会) is left as it is."""
    m = _SPOKEN_LEAD.match(label)
    return f"{label[1:]}{SPOKEN_VERBS[m.group(1)]}" if m else label


# Times a year for periods of a month or more (每季度一次 → 4次); a daily or weekly rhythm stays per day/week.
PER_PERIOD = {"月": 12, "季度": 4, "季": 4, "半年": 2, "年": 1, "学期": 2, "旬": 36}
PER_SHORT = {"天": "天", "日": "天", "周": "周"}
FREQUENCY_RE = re.compile(r"(?:每|按)个?(半年|季度|学期|旬|季|月|周|年|天|日)\s*(?:至少)?\s*([\u4e00-\u9fa5]{0,12}?)\s*(?:至少)?\s*"
                          + r"(\d+)?\s*(次|场|期|轮|遍|趟)([\u4e00-\u9fa5]{0,10}?)(?=[，。；、,;\s]|$)")
TWICE_RE = re.compile(r"(?:春季和秋季|春秋两季|春秋季|上下半年|上半年和下半年)(?:学期)?(?:各|分别)?\s*([\u4e00-\u9fa5]{2,6}?)(?:一次|1次)?(?=[，。；、,;\s]|$)")
PAYMENT_RE = re.compile(r"按(季度|月|半年|年)[\u4e00-\u9fa5]{0,4}?(发放|拨付|支付|结算)")
# 按季度完成核查上报, 村级财务数据按月上传, 超标车辆信息每周推送给交警部门: a report made once in each period
REPORTING_RE = re.compile(r"(?:每|按)(季度|月|半年|周)(?:完成)?([\u4e00-\u9fa5]{0,6}?)(上报|上传|报送|推送|公示|公布|通报)"
                          r"(?![\u4e00-\u9fa5]{0,8}?\d)")


def _clause_subject(text: str, start: int) -> str:
    """困难残疾人生活补贴每人每月90元，约2100人 → 困难残疾人生活补贴对象: with nothing before the number in its own
    clause, the subject of the clause before names who is counted."""
    sentence = re.split(r"[。；;\n]", text[:start])[-1].rstrip("，, 约")
    clauses = [c.strip() for c in re.split(r"[，,]", sentence) if c.strip()]
    if not clauses:
        return ""
    subject = re.match(r"^[\u4e00-\u9fa5]{2,12}?(?=每|人均|按|为|\d|$)", clauses[-1])
    return f"{subject.group(0)}对象" if subject else ""


_NOT_COUNTED = ("补贴资金", "资金", "补贴", "工作", "任务", "政策")


@dataclass
class Count:
    value: float
    unit: str
    label: str  # what is counted
    text: str  # as written
    target: bool  # 约/不少于: a target to reach (≥), not a fixed number (=)
    fixed: bool  # a stock that is there (42座污水处理站, 75名村干部): written =
    existing: bool = False  # introduced as what there is (全县有县级河长12名): the project's base, not its work
    cap: bool = False  # 不超过/最多: the most there may be (复本量每种不超过5册), written ≤


_EVENT_VERB = re.compile(r"(?:举办|开展|组织|召开|举行)")
_HELD = re.compile(r"(?:举办|开展|组织|召开|举行|进行)$")
_MODAL = re.compile(r"^(?:要求|需要|必须|应当|争取|力争|确保|要|想|须|需)+")


# Nouns joined into one counted thing: 猪、牛、羊、家禽等 / 公园和道路绿地 / 调查员和调查指导员 / C、D级农村危房.
# A joined part never follows a number (帐篷200顶、折叠床1000张 are two counts), and 的 still ends a phrase.
_JOINED = re.compile(r"(?<![\d\u4e00-\u9fa5A-Za-z])((?:[A-Za-z\u4e00-\u9fa5]{1,10}?(?:、|和|及|与))+[A-Za-z\u4e00-\u9fa5]{1,12}?等?)$")


def _joined_phrase(window: str) -> str:
    """The whole noun phrase a count follows when it joins several things (猪、牛、羊、家禽等 → all four, not
    家禽); "" when the last phrase is a single thing."""
    m = _JOINED.search(window)
    if not m or "的" in m.group(1):
        return ""
    parts = re.split(r"、|和|及|与", m.group(1))
    if any(not p or re.search(r"\d", p) for p in parts):
        return ""
    return m.group(1)


def _before(text: str, start: int) -> str:
    """What a number counts when the words before it say so: the last phrase before it, without the words that
    lead a count ("计划", "全县"), and after an activity verb inside it (在长三角举办招商推介会 → 招商推介会);
    several things joined by 、/和 are one counted thing (公园和道路绿地120万平方米)."""
    window = text[max(0, start - 24): start].strip()
    words = _joined_phrase(window) or _STOP_BEFORE.split(window)[-1]
    if quoted := re.search(r"(“[^“”]{1,10}”)" + re.escape(words) + "$", window) if words else None:
        words = f"{quoted.group(1)}{words}"  # “世界读书日”主题活动: the quoted name is part of what is meant
    if age := re.search(r"(\d+周?岁以上[\u4e00-\u9fa5]*)$", window):
        words = age.group(1)  # 60周岁以上老年人: the age is part of who is meant
    if re.search(r"\d[条个座所名户家项处台套辆件种类批]" + re.escape(words[1:]) + "$", window) if words else False:
        words = words[1:]  # 28条河道共85公里: the measure word of the number before
    words = _MODAL.sub("", _LABEL_NOISE.sub("", words))
    if (inside := list(_EVENT_VERB.finditer(words))) and inside[-1].end() < len(words) and inside[-1].start() > 0:
        words = words[inside[-1].end():]
    joined = bool(re.search(r"、|和|及|与", words))
    if re.search(r"等.", words):
        listed, _, kind = words.rpartition("等")  # 读书讲座、亲子阅读等阅读推广活动: the kind after 等 is the thing
        # (检定电子秤、加油机等计量器具: the verb of the whole list, before its first item)
        verbs = [v for v in ACTION_VERBS if v in listed] or [v for v in ACTION_VERBS if v in re.split(r"[，。；;,]", window)[-1]]
        words = f"{verbs[0]}{kind}" if verbs and verbs[0] not in kind else kind  # 投放鲢鳙等鱼苗 → 投放鱼苗
        joined = bool(re.search(r"、|和|及|与", words))
    elif not joined:
        words = words.removesuffix("等")  # 猪、牛、羊、家禽等 keeps its 等: the list is not complete
    return _tail(_LABEL_NOISE.sub("", words).removesuffix("共").removesuffix("各"), 20 if joined else 16)


# Where a long name may be cut: where a verb begins (not the 运营 of 运营商).
_CUT_AT = re.compile("(?=(?:" + "|".join(ACTION_VERBS + ("运营", "开展", "实施", "提供")) + r")(?![商员点站]))")


def _tail(words: str, limit: int) -> str:
    """At most ``limit`` characters of what is counted, cut where a verb begins (委托运营商运营县级电商公共服务中心 →
    运营县级电商公共服务中心; not the 运营 of 运营商), never inside a word when a verb allows it."""
    if len(words) <= limit:
        return words
    starts = sorted(m.start() for m in _CUT_AT.finditer(words) if len(words) - m.start() <= limit)
    return words[starts[0]:] if starts else words[-limit:]


_EXISTING = re.compile(r"^\s*(?:全县|全区|全市|全镇|全乡|辖区|目前|现)?(?:现有|共有|设有|建有|配有|设置|设立|设|有)(?!效|关|序|计)")
# A state, not work: 在册社区矫正对象约260人 is how many there are (=); 抽中调查小区45个 is what the draw fixed;
# 在校学生 are those the subsidy reaches.
_ON_ROLL = re.compile(r"^(?:在册|在岗|在编|现有|抽中|选定|聘用|聘请|选聘|选派|招聘)")  # posts filled: = too
# 320个小区推行生活垃圾分类: the thing, then the work done in it → 推行生活垃圾分类小区 (named as a reviewer would)
_NOUN_THEN_WORK = re.compile(r"^([\u4e00-\u9fa5]{1,4}?)((?:推行|推进|实施|开展|建成|安装|配备|创建|补充)[\u4e00-\u9fa5]{2,8})$")
_ENROLLED = re.compile(r"^(?:在校|在园|在读)(?=[\u4e00-\u9fa5]{2})")


words_before = _before  # the phrase a number or a date follows, for the other readers (duereaders, costreaders)
LABEL_NOISE = _LABEL_NOISE


# What stands before a number that names no thing: nothing, or a preposition and the place (委托…对全县, 完成).
_PLACE_ONLY = re.compile(r"(?:^|对|向|给|完成|负责)(?:全县|全区|全市|全镇|全乡|辖区|全部|所有|城区|县城)?$")


# A clause that says which of them before its 的: 使用危险化学品的重点企业, 存在安全隐患的自建房.
_MODIFYING = re.compile(r"^(?:使用|存在|具有|有|从事|承担|涉及|生产|经营|位于|符合|纳入)")


def _thing_after(rest: str) -> str:
    """The counted thing written after the number and its measure word, up to the verb or the clause's end, without
    the clause before its 的 (存在粉尘危害的重点企业 → 重点企业)."""
    m = re.match(r"^([\u4e00-\u9fa5、]{2,24}?)(?=[，。；;,\s]|$|开展|进行|实施|配备|治理|改造|建设|检测|监测|鉴定|纳入|享受"
                 r"|(?:正常)?(?:运营|运行)(?:[，。；;,\s]|$))", rest)  # 46条农村客运班线正常运营: the 班线, kept running
    if not m:
        return ""
    parts = m.group(1).split("的")
    thing = parts[-1]
    if len(parts) == 2 and any(thing.endswith(v) for v in ACTION_VERBS) and not _MODIFYING.match(parts[0]):
        thing = f"{parts[0]}{thing}"  # 80万平方米道路的清扫保洁 → 道路清扫保洁: the thing and the work done to it
    return thing if 2 <= len(thing) <= 16 else ""


# 17所中小学各配1套录播设备 / 8个乡镇各办1场: one of them at each — the places and, in all, N × M of the thing
_EACH_RE = re.compile(NUM + r"\s*(" + "|".join(CLASSIFIERS) + r")([\u4e00-\u9fa5]{1,10}?)各"
                      r"(配备|配|建设|建|设置|设|举办|办|开展|安装|装|购置|聘用|聘|选派|派)" + NUM + r"\s*(" + _UNIT_ALT
                      + r")([\u4e00-\u9fa5]{0,10}?)(?=[，。；、,;\s]|$)")
_EACH_VERB = {"配": "配备", "建": "建设", "设": "设置", "办": "举办", "装": "安装", "聘": "聘用", "派": "选派"}


def spread(text: str) -> str:
    """Write a distributive 各 out as two counts: 17所中小学各配1套录播设备 → 配备录播设备中小学17所，配备录播设备17套."""
    def out(m: re.Match) -> str:
        places, unit, where, verb, each, each_unit, what = m.groups()
        verb = _EACH_VERB.get(verb, verb)
        total = float(places) * float(each)
        return f"{verb}{what}{where}{places}{unit}，{verb}{what}{total:g}{each_unit}"
    return _EACH_RE.sub(out, text)


def counts(text: str, density_given: bool = False) -> list[Count]:
    """Every count with what it counts; ``density_given``: the brief states a standard per head of population
    (每千人4批次), so a population figure is the base the standard was applied to, not a row."""
    found = []
    previous_end = 0
    for m in COUNT_RE.finditer(text):
        qualifier, number, wan, unit = m.group(1) or "", m.group(2), m.group(3) or "", m.group(4)
        if text[:m.start()].endswith("第") or float(number) == 1 and re.match(r"一[\u4e00-\u9fa5]", text[m.end():]):
            continue  # 第五次全国经济普查 is which one, 一人一档 how it is kept: neither counts anything
        before = _before(text, m.start())
        if unit in BATCHES and before.endswith("分"):
            before = before[:-1]  # 全年分四批完成: 分 divides the work into batches, it is not what is counted
        held = unit in ("次", "场") and bool(_HELD.search(before))  # 开展一次视力筛查: what is held follows
        after = _AFTER_NOUN.match(text[m.end():]) if (unit in CLASSIFIERS or unit in ("批次", "批", "户", "人", "轮")
                                                     or not before or held) else None
        noun = after.group(1) if after else ""
        if noun and (_VERB_FIRST.match(noun) and before or len(noun) == 1 and not text[m.end() + 1: m.end() + 2] == "（"):
            noun = ""  # 传承人42名开展传承活动: what follows is what they do; the counted people come before
        modifier = bool(noun) and _MODIFYING.match(noun) and text[m.end() + len(noun): m.end() + len(noun) + 1] == "的"
        if _PLACE_ONLY.search(before) and (not noun or modifier):
            # 对全县12万亩水稻开展统防统治: 水稻, not 对全县; 对全市120家使用危险化学品的重点企业: 重点企业 (but 32座小型
            # 水库的日常维修养护 counts 小型水库)
            noun = _thing_after(text[m.end():]) or noun
        if unit in BATCHES and re.fullmatch(r"完成|实施|开展|进行|组织|推进", noun):
            noun = ""  # 分四批完成: the work done in batches is the project's own
        if noun in _NOT_COUNTED:
            continue  # 两项补贴资金: how many kinds of subsidy, not work done
        if re.search(r"人口$", before) and not noun:
            if density_given or DENSITY_RE.search(text):
                continue  # 每千人4批次 … 常住人口30万人: the base the density was applied to, not work done
            if benefit := re.search(r"受益人口$", before):
                before = benefit.group(0)  # 工程维修完成后受益人口约2.4万人: those the work serves
            elif not before.startswith(("服务", "覆盖")):
                before = f"覆盖{before}"  # 人均95元 × 常住人口20万人
        as_written = noun
        if work := _NOUN_THEN_WORK.match(noun):
            noun = f"{work.group(2)}{work.group(1)}"
        lead = re.split(r"[，。；;,\n]", text[:m.start()])[-1]
        if noun and re.search(r"覆盖(?:全县|全区|全市|全镇|全乡|辖区)?$", lead):
            noun = f"覆盖{noun}"  # 覆盖全县15个乡镇: the towns the work reaches, not the county's towns
        same_thing = bool(found) and bool(re.fullmatch(r"\s*(?:共|合计|总计)约?\s*", text[previous_end:m.start()]))
        if same_thing:
            noun, before = "", found[-1].label  # 改造悼念厅3间共约450平方米: the area of the same 悼念厅
        if noun and not re.match(r"^(?:以上|以下|左右|次|人次|共|约|合计|总计|累计)", noun):
            verb = next((v for v in ACTION_VERBS if v in before), "")
            label = f"{noun}{verb}" if verb and verb not in noun else noun
            fixed = unit in CLASSIFIERS and not verb
        else:
            people = unit in ("人", "名", "户", "人次")
            label, fixed = before or (_clause_subject(text, m.start()) if people else ""), False
        written = f"{m.group(0).strip()}{as_written}" if noun else (
            text[previous_end:m.end()].strip() if same_thing else f"{before}{m.group(0).strip()}")
        target = qualifier in ("约", "大约", "近", "超过", "不少于", "不低于", "至少")
        clause_start = re.split(r"[，。；;,\n]", text[:m.start()])[-1]
        if re.match(r"^\s*新增", clause_start) and label and not label.startswith("新增"):
            label = f"新增{label}"  # 新增储备帐篷200顶、折叠床1000张: each is added this year, not the stock held
        if _ON_ROLL.match(label) or re.search(r"人口$", label) and not label.startswith("受益"):
            fixed, target = True, False  # how many there are on the roll, or the population served: =
        elif _ENROLLED.match(label) and unit in ("人", "名"):
            label = f"受益{_ENROLLED.sub('', label)}"  # 在校学生约2.6万人: the pupils the subsidy reaches
        clause = re.split(r"[，。；;,\n]", text[:m.start()])[-1]
        existing = bool(_EXISTING.match(clause))
        if existing and not target:
            fixed = True  # 设服务窗口85个: what there is, written =
        if re.search(r"日处理|日均处理|日供", label) and unit in ("吨", "立方米"):
            unit, fixed = f"{unit}/日", True  # 日处理规模2000吨: a capacity per day, not a year's work
        if found and label and (lead := _LIST_LEAD.match(found[-1].label)) and not _DOES.search(label) \
                and re.fullmatch(r"\s*[、和及]\s*" + re.escape(label), text[previous_end:m.start()]):
            label = f"{lead.group(0)}{label}"  # 引进博士10名、硕士80名: the 硕士 are 引进 too
        cap = qualifier in ("不超过", "不多于", "最多")
        if cap and (per := re.match(r"^(.{2,}?)(每[种个人家户所件套])$", label)):
            label = f"{per.group(2)}{per.group(1)}"  # 复本量每种不超过5册 → 每种复本量: the most each may have
        found.append(Count(float(number), f"{wan}{unit}", label, written, target=target and not cap, fixed=fixed and not cap,
                           existing=existing and unit in ("人", "名"), cap=cap))
        previous_end = m.end()
    return found


# The verb a list of counts opens with, which each item after a 、 shares (引进博士10名、硕士80名) …
_HIRING = ("引进", "招聘", "招募", "选聘", "聘用", "新增", "治理")
_LIST_LEAD = re.compile("^(?:" + "|".join(ACTION_VERBS + _HIRING) + ")")
# … unless the item says its own work (修复面积, 普及培训).
_DOES = re.compile("|".join(ACTION_VERBS + _HIRING + ("修复", "普及", "开展", "完成", "实施", "提供", "组织", "服务")))


def frequencies(text: str) -> list[Count]:
    """每季度开展一次水质检测 → 水质检测 4次 a year; 县级河长每月巡河一次 → 县级河长巡河 12次;
    冷链温度每天监测两次 → 冷链温度监测 2次/天; 按季度发放 → 发放 4次."""
    found, verbs = [], []
    for m in FREQUENCY_RE.finditer(text):
        period, verb, times, unit, what = m.group(1), m.group(2), int(m.group(3) or 1), m.group(4), m.group(5)
        verb = "" if verb in ("开展", "组织", "进行", "举办", "实施") else written_verb(verb)
        verb = re.sub(r"(?:不少于|不低于|至少|达到)$", "", verb)
        subject = re.sub(r"(?:加密|增加|提高|调整)(?:到|为|至)$", "", _before(text, m.start()))  # 汛期加密到每周一次
        if not verb and not what and verbs and text[max(0, m.start() - len(subject) - 1)] in "、和":
            verb = verbs[-1]  # 乡镇卫生院每周收运2次、村卫生室每月1次: the 村卫生室 are 收运 too
        verbs.append(verb)
        # 每季度核查一次在岗情况 → 在岗情况核查; 每季度开展一次水质检测 → 水质检测
        label = f"{what}{verb}" if what and verb and verb not in what else what or f"{subject}{verb}"
        if label == subject and found and re.fullmatch(r"(?:汛期|主汛期|旺季|节假日|高峰期|雨季|冬季|夏季|春节期间)", subject):
            label = f"{subject}{found[-1].label}"  # 渡口安全检查每月一次，汛期每周一次: 汛期渡口安全检查
        # 每季度开展一次水质检测 is the least the work must do (≥); a payment schedule (每月发放一次) is exact (=).
        minimum = not any(v in label for v in ("发放", "拨付", "支付", "结算"))
        found.append(Count(*_per_year(times, unit, period), label, m.group(0), target=minimum, fixed=not minimum))
    for m in TWICE_RE.finditer(text):  # 春季和秋季学期各发放一次, 春秋两季集中免疫
        found.append(Count(2.0, "次", m.group(1) or _before(text, m.start()), m.group(0), target=False, fixed=True))
    for m in PAYMENT_RE.finditer(text):
        found.append(Count(float(PER_PERIOD[m.group(1)]), "次", m.group(2), m.group(0), target=False, fixed=True))
    spans = [f.span() for f in FREQUENCY_RE.finditer(text)]
    for m in REPORTING_RE.finditer(text):
        if any(m.start() < end and start < m.end() for start, end in spans):
            continue  # 每月上报一次 is read above
        period, what, verb = m.groups()
        found.append(Count(*_per_year(1, "次", period), f"{what or _before(text, m.start())}{verb}", m.group(0),
                           target=True, fixed=False))
    return found


def _per_year(times: int, unit: str, period: str) -> tuple[float, str]:
    """每季度2次 → 8次 a year; a daily or weekly rhythm stays per day/week (2次/天)."""
    if period in PER_SHORT:
        return float(times), f"{unit}/{PER_SHORT[period]}"
    return float(times * PER_PERIOD[period]), unit


# 赛事安全事故为零 / 全年不发生区域性重大动物疫情 / 食品安全事故零发生 → an event count held at 0.
_EVENTS = r"(?:事故|事件|疫情|案件|火灾|灾情|伤亡|投诉)"
ZERO_RE = re.compile(r"(?:不发生|杜绝|无)([\u4e00-\u9fa5]{1,12}?" + _EVENTS + r")|([\u4e00-\u9fa5]{1,12}?" + _EVENTS + r")(?:为零|零发生|发生数为0|为0)")
AMOUNT_RE = re.compile(r"([\u4e00-\u9fa5]{2,10}?额)\s*(?:达到|不少于|不低于|超过)?\s*" + NUM + r"\s*(亿元|万元)(以上)?")
# Money the work brings about — 意向成交额10亿元, 带动住宿餐饮消费1500万元, 引资30亿元 — is its economic effect
# (an 额), never the money it spends: RESULT_BEFORE is what stands before such an amount.
_DRIVE = "带动|拉动|撬动"
AT_LEAST = r"(?:达到|不少于|不低于|超过|实现|约|预计)?"
DRIVEN_RE = re.compile(r"((?:" + _DRIVE + r")[\u4e00-\u9fa5]{2,10}?)\s*" + AT_LEAST + r"\s*" + NUM + r"\s*(亿元|万元)(以上)?")
# 村集体经营性收入不低于15万元, 人均增收2000元: what the work earns (an economic effect), not what it spends.
EARNINGS = "收入|产值|营业额|销售额|利润|税收|增收"
EARNED_RE = re.compile(r"([\u4e00-\u9fa5]{2,14}?(?:" + EARNINGS + r"))\s*" + AT_LEAST + r"\s*" + NUM
                       + r"\s*(亿元|万元|元)(以上)?")
RESULT_BEFORE = re.compile(r"(?:(?:成交|销售|交易|营业|产值|收入|消费|引资|融资|贷款|营收|利润|税收)[额量]?[^\d，。；;,\n]{0,6}"
                           r"|(?:" + _DRIVE + r"|吸引)[^\d，。；;,\n]{0,10})$")


def zero_events(text: str) -> list[Count]:
    found = []
    for m in ZERO_RE.finditer(text):
        what = re.split(r"[的和及与]", _LABEL_NOISE.sub("", m.group(1) or m.group(2)))[-1]
        found.append(Count(0.0, "起", f"{what}发生数" if not what.endswith("数") else what, m.group(0), target=False, fixed=False))
    return found


def amounts(text: str) -> list[Count]:
    """协议引资额30亿元以上: a money target of the project's work, not its budget."""
    found = [Count(float(m.group(2)), m.group(3), _LABEL_NOISE.sub("", m.group(1)), m.group(0), target=True, fixed=False)
             for m in AMOUNT_RE.finditer(text) if not re.search(r"预算|资金|经费|投资额$", m.group(1))]
    found += [Count(float(m.group(2)), m.group(3), _amount_label(m.group(1)), m.group(0), target=True, fixed=False)
              for m in DRIVEN_RE.finditer(text) if not any(m.group(0) in c.text for c in found)]
    return found + [Count(float(m.group(2)), m.group(3), _LABEL_NOISE.sub("", m.group(1)), m.group(0), target=True,
                          fixed=False)
                    for m in EARNED_RE.finditer(text) if not any(m.group(0) in c.text or c.text in m.group(0) for c in found)]


def _amount_label(driven: str) -> str:
    """带动消费 → 带动消费金额; 带动销售额 stays."""
    return driven if driven.endswith("额") else f"{driven}金额"


DENSITY_RE = re.compile(r"每\s*(千|万|百)\s*(人|户|名)\s*" + NUM + r"\s*(批次|批|人|个|张|名|次|户)\s*([\u4e00-\u9fa5]{0,6}?)(?=[，。；、,;\s]|$)")


def densities(text: str) -> list[Count]:
    """按每千人4批次抽检 → 每千人抽检批次 4批次/千人: a standard per head of population, not a count."""
    found = []
    for m in DENSITY_RE.finditer(text):
        per, who, number, unit, what = m.groups()
        verb = what or next((v for v in ACTION_VERBS if v in _before(text, m.start())), "")
        found.append(Count(float(number), f"{unit}/{per}{who}", f"每{per}{who}{verb}", m.group(0), target=False, fixed=True))
    return found
