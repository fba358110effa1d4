"""The indicator guidelines (knowledge/guidelines/*.md): chunkable by heading, every section a short
self-contained passage, every topic a drafter or reviewer asks about covered, the vocabulary the code uses."""

import re
from pathlib import Path

import pytest

from assistant import taxonomy
from assistant.settings import KNOWLEDGE_DIR

GUIDELINES = KNOWLEDGE_DIR / "guidelines"
FILES = sorted(GUIDELINES.glob("*.md"))
MIN_CHARS, MAX_CHARS = 80, 400  # a retrieval passage: long enough to say something, short enough to stay on one point

# Every topic must be covered by one file that carries all of its keywords.
TOPICS = {
    "一级/二级框架": ("101号", "地方通行格式", "产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标",
                 "时效指标", "经济成本指标", "社会成本指标", "生态环境成本指标", "经济效益指标", "社会效益指标",
                 "生态效益指标", "可持续影响指标", "服务对象满意度指标"),
    "三级名称": ("三级指标名称", "名词短语", "动词", "确保", "完成", "目标值", "进一步", "有效", "显著"),
    "指标值与运算符": ("=", "≥", "≤", "定性", "单位", "万元", "%", "100%", "反向指标", "正向指标", "成本", "投诉率",
                "故障率", "用时"),
    "确定依据": ("计划标准", "行业标准", "历史标准", "预算支出标准", "其他标准"),
    "成本与预算": ("成本指标", "项目预算", "元", "万元", "单位成本", "数量", "≤", "开支标准"),
    "满意度": ("满意度", "服务对象", "80%", "100%", "=100%", "效益"),
    "退回问题": ("模糊化", "资金到位率", "预算执行率", "质量指标", "效益指标", "以满意度代替效益", "长期", "年度",
             "488", "68万元", "≥100%", "占位符"),
    "审核四个方面": ("完整性", "相关性", "适当性", "可行性", "优", "良", "中", "差"),
    "目标文本": ("年度绩效目标", "长期", "做什么", "做多少", "效果", "数量指标", "一致"),
}


def sections(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """(the # title, [(## heading, body)]) of a guideline file; text before the first ## is the preamble."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^## +(.+)$", text, flags=re.M)
    preamble, rest = parts[0], parts[1:]
    return preamble, [(rest[i].strip(), rest[i + 1].strip()) for i in range(0, len(rest), 2)]


def test_there_is_one_file_per_topic():
    assert len(FILES) >= len(TOPICS)
    assert all(re.fullmatch(r"\d{2}-[a-z-]+\.md", f.name) for f in FILES), [f.name for f in FILES]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_a_title_and_sections(path):
    preamble, found = sections(path)
    assert re.fullmatch(r"# \S.*", preamble.strip()), "文件以一个“# 标题”开头，标题与第一个“##”之间没有正文"
    assert len(found) >= 3
    headings = [h for h, _ in found]
    assert len(set(headings)) == len(headings)
    assert not re.search(r"^#{3,} ", path.read_text(encoding="utf-8"), flags=re.M)  # chunks are the ## sections


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_section_is_a_short_self_contained_passage(path):
    _, found = sections(path)
    for heading, body in found:
        assert MIN_CHARS <= len(body) <= MAX_CHARS, f"{path.name}「{heading}」{len(body)}字"
        # a passage retrieved alone must not lean on the one before it
        assert not re.match(r"(此外|另外|同上|如上|上述|前述|同理|它|这)", body), f"{path.name}「{heading}」"
        assert re.search(r"[\u4e00-\u9fff]", heading), heading


def test_section_headings_are_unique_across_files():
    headings = [h for path in FILES for h, _ in sections(path)[1]]
    assert len(set(headings)) == len(headings)


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_is_covered(topic):
    keywords = TOPICS[topic]
    covering = [f.name for f in FILES if all(k in f.read_text(encoding="utf-8") for k in keywords)]
    missing = {f.name: [k for k in keywords if k not in f.read_text(encoding="utf-8")] for f in FILES}
    assert covering, f"没有一个文件覆盖“{topic}”：{min(missing.values(), key=len)}"


def test_guidelines_use_the_vocabulary_of_the_code():
    """The frameworks, operators and 确定依据 the validators enforce are the ones the guidelines teach."""
    text = "\n".join(f.read_text(encoding="utf-8") for f in FILES)
    for framework in taxonomy.FRAMEWORKS:
        for level1, level2s in taxonomy.LEGAL_PAIRS[framework].items():
            assert level1 in text and all(l2 in text for l2 in level2s)
    assert all(op in text for op in taxonomy.OPERATORS)
    assert all(basis in text for basis in taxonomy.BASIS_VALUES)
