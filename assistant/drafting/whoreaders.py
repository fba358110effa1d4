"""Who the money is for, read from the brief: the people a reviewer asks whether they are satisfied.

- those served: 面向/惠及/服务对象为/覆盖 X (beneficiaries);
- those paid: 对 X 按…发放, 给 X 补助, 拨付承储企业, 兑付给林权权利人 (recipients) — for a payment they, not the
  public, are the ones who can say whether it reached them as promised.

The text given is the brief with Chinese numerals already written as digits.
"""

from __future__ import annotations

import re

from assistant.drafting.readers import CLASSIFIERS

_WHO = ("老年人", "群众", "学生", "儿童", "幼儿", "居民", "农户", "职工", "患者", "残疾人", "村民", "企业", "人员", "家庭", "对象",
        "妇女", "青少年", "读者", "游客", "农民", "农民工", "干部", "师生", "孕产妇", "新生儿", "军人", "市场主体")
# Those a payment can reach besides the people above: a firm's or a holder's own name for itself, any …员.
_PAYEES = _WHO + ("权利人", "监护人", "官兵", "医生", "教师", "社工", "员", "单位", "机构", "经营主体", "合作社", "种植户", "养殖户", "运营商")
_ALTERNATION = "|".join(sorted(_PAYEES, key=len, reverse=True))
_PLACE = r"(?:全县|全区|全市|全镇|辖区|城乡|农村|城市|社区)?"

# 为 serves only as a verb of its own: not inside 见义勇为, 认为, 作为, 成为, 行为, 视为, 以为, 更为.
_BENEFICIARY_RE = re.compile(
    r"(?:面向|针对|服务对象(?:为|是)?|受益对象(?:为|是)?|对象(?:为|是)|(?<![勇认作成行视以更较称])为|惠及|覆盖|帮助)\s*"
    r"(" + _PLACE + r"[^，。；;,\n]{0,12}?(?:" + "|".join(sorted(_WHO, key=len, reverse=True)) + "))"
)
# The one a payment goes to: 对/给/向 X 按…发放, 拨付(给) X, 兑付给 X; X ends in a payee word within a clause.
_RECIPIENT_RE = re.compile(
    r"(?:(?<![面针相绝])对(?![象于照标接比])|(?<![补供交])给予?|向|拨付给?|兑付给?|发放给|支付给|补贴给)\s*(" + _PLACE +
    r"[^，。；;,\n按每]{0,20}?(?:" + _ALTERNATION + r")(?![园所院站点])(?:" + _ALTERNATION + r")?)"
)
_COUNTED = re.compile(r"\d+(?:\.\d+)?\s*(?:" + "|".join(CLASSIFIERS + ("户", "人", "位")) + ")")
# A bare word names nobody in particular (企业满意度, 人员满意度): the row says who only with its qualifier.
_BARE = {"企业", "人员", "家庭", "对象", "单位", "机构", "群众", "居民"}


# A contractor paid for the work (付给第三方机构, 支付给体检机构) is no one the project serves: it is not asked.
_CONTRACTOR = re.compile(r"第三方|公司|服务商|服务机构|检测机构|体检机构|中标|承办|施工单位|供应商")


# Words of the work done to people, before who they are: 复核低保对象, 慰问困难职工, 培训农民
_SERVING = ("复核", "核查", "慰问", "培训", "救助", "资助", "帮扶", "走访", "服务", "覆盖", "保障", "安置", "筛查", "抽测", "体检",
            "组织", "选派", "选聘", "聘用", "招聘", "引进", "接待", "惠及", "帮助", "参加", "参与")


def _noun(phrase: str) -> str:
    """全县在岗执业的380名乡村医生 → 乡村医生; 首次通过认定的高新技术企业 → 高新技术企业: the last noun phrase, without
    the clause before 的 and the count before it."""
    phrase = re.sub(r"^" + _PLACE, "", phrase.strip())
    phrase = re.split(r"的", phrase)[-1]
    phrase = _COUNTED.split(phrase)[-1]
    phrase = re.sub(r"^\d+周?岁(?:以上|以下)?", "", phrase)  # 60周岁以上老年人 → 老年人
    return re.sub(r"^(?:全县|全区|全市|全镇|辖区|所有|全部|各)", "", phrase).strip()


def beneficiaries(text: str) -> str:
    """Who is served, as a short noun phrase (全县98所农村中小学、在校学生 → 在校学生)."""
    m = _BENEFICIARY_RE.search(text)
    if not m:
        return ""
    who = re.split(r"[、和及与]|\d+[所个家名人]", m.group(1).strip())[-1]
    return who if len(who) >= 2 else m.group(1).strip()


def recipients(text: str) -> str:
    """Who the money is paid to (拨付承储企业 → 承储企业; 对城镇中低收入住房困难家庭按每户每月600元发放 → 城镇中低收入住房
    困难家庭), or "" when the brief names nobody in particular."""
    for m in _RECIPIENT_RE.finditer(text):
        who = _noun(m.group(1))
        if len(who) >= 2 and who not in _BARE and not re.search(r"\d", who) and not _CONTRACTOR.search(who):
            return who
    return ""


def people_named(label: str) -> str:
    """The people a count names (复核低保对象 → 低保对象; 登记在册移民 → 移民; 抽测四年级和八年级学生 → 学生), or "" when
    the label names no people the project serves (场次, 台, a contractor)."""
    who = re.sub(r"^(?:登记在册|在册|在岗|在编|纳入[\u4e00-\u9fa5]{0,6}的|现有|共有)", "", _noun(label))
    who = re.split(r"[、和及与]", who)[-1]
    m = re.search(r"([\u4e00-\u9fa5]{0,6}(?:" + "|".join(sorted(_WHO + ("移民", "当事人"), key=len, reverse=True)) + r"))$", who)
    if not m or _CONTRACTOR.search(m.group(1)):
        return ""
    who = re.sub(r"^[一二三四五六七八九\d]*年级", "", m.group(1))  # 四年级和八年级学生 → 学生
    who = re.sub(r"^(?:每[\u4e00-\u9fa5]|全年|年度|日均|年(?!轻|老))+", "", who)  # 每场参演人员, 全年日均…
    who = re.sub(r"^(?:" + "|".join(_SERVING) + r")", "", who)
    if re.search(r"在押|服刑|羁押", who):
        return ""  # those held are not surveyed on their keep
    return who if len(who) >= 2 and who not in _BARE else ""
