"""One turn of the drafting conversation: understand the message, ask, draft or revise, validate, save.

Offline (no LLM configured) the composer drafts and a fixed set of revision intents edits; with an LLM
the chain drafts and handles free requests, and any LLM failure falls back to the composer with a
Chinese notice — the conversation is never lost. An LLM turn has one deadline for all its calls
(JIXIAO_LLM_TURN_TIMEOUT), reports its stages to ``progress`` (抽取信息 / 起草 / 校验 / 重问) and stops
waiting when ``cancel`` is set; ``Reply.mode`` says what actually drafted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from pydantic import BaseModel

from assistant.drafting.brief import extract_brief, next_question
from assistant.drafting.composer import compose
from assistant.drafting.context import choose_framework, gather_context
from assistant.drafting.revisions import apply_revision, describe_changes
from assistant.drafting.session import DraftSession, SessionStore
from assistant.findings import tally
from assistant.schema import Draft, PerformanceForm
from assistant.validation import validate

log = logging.getLogger(__name__)


class Reply(BaseModel):
    message: str  # 中文, shown in the chat
    drafted: bool = False  # a new version of the draft exists
    asked: bool = False  # jixiao asked for a missing fact
    mode: str | None = None  # what drafted or revised this turn: "llm" | "offline" (after a fallback, too)


class Drafter:
    def __init__(self, store=None, llm=None, sessions: SessionStore | None = None):
        self.store = store  # assistant.store.KnowledgeStore or None (no precedents: library rows only)
        self.llm = llm  # a LangChain chat model or None (离线模式)
        self.sessions = sessions

    @property
    def mode(self) -> str:
        return "llm" if self.llm is not None else "offline"

    # ---- conversation ----------------------------------------------------------------------

    def send(self, session: DraftSession, text: str, progress: Callable[[str], None] | None = None,
             cancel: threading.Event | None = None, turn=None) -> Reply:
        """One turn. ``turn`` (assistant.llmcall.Turn) may be given to read its calls afterwards."""
        text = (text or "").strip()
        if not text:
            return Reply(message="请描述项目情况，或提出修改要求。")
        session.say("user", text)
        session.notices = []
        if text in ("撤销", "撤销上一步", "撤回"):
            undone = self.undo(session)
            reply = Reply(message="已撤销，恢复到上一个版本。" if undone else "没有可以撤销的版本。", drafted=undone)
            session.say("assistant", reply.message)
            self._save(session)
            return reply
        turn = turn or self._new_turn(progress, cancel)  # the LLM budget of this turn (assistant.llmcall.Turn)
        reply = self._revise(session, text, turn) if session.form is not None else None
        if reply is None:
            reply = self._brief_turn(session, text, turn)
        session.say("assistant", reply.message)
        self._save(session)
        return reply

    def _brief_turn(self, session: DraftSession, text: str, turn=None) -> Reply:
        session.brief, failure = self._extract(text, session.brief, turn)
        question = next_question(session.brief)
        if question and session.form is None:
            return Reply(message=question, asked=True)
        if not session.versions:  # the first draft picks the layout; later the user's own switch decides
            session.framework = choose_framework(session.brief, self.store)
        draft = self._draft(session, failure, turn)
        session.add_version(draft.form, "起草" if len(session.versions) == 0 else "根据补充信息重新起草")
        session.findings = draft.findings
        session.notices = draft.notices
        return Reply(message=_summary(draft), drafted=True, mode=draft.mode)

    def _new_turn(self, progress, cancel):
        if self.llm is None:
            return None
        from assistant.llmcall import new_turn

        return new_turn(progress, cancel)

    def _extract(self, text: str, brief, turn=None):
        """The brief after this message: deterministic rules, plus the LLM's structured extraction when
        one is configured (its failure leaves the rules' extraction and is remembered for this turn)."""
        if self.llm is None:
            return extract_brief(text, brief), None
        from assistant.drafting.llm_brief import extract_brief_with_llm

        return extract_brief_with_llm(text, brief, self.llm, turn)

    def _draft(self, session: DraftSession, failure=None, turn=None) -> Draft:
        context = gather_context(session.brief, self.store, session.framework)
        if self.llm is not None:
            from assistant.drafting.chain import LLMDraftError, draft_with_llm

            try:
                if failure is not None and failure.unavailable:  # the service just failed: do not wait twice
                    raise failure
                return draft_with_llm(session.brief, context, self.llm, session.framework, turn)
            except LLMDraftError as exc:
                log.warning("大模型起草失败：%s", exc)
                draft = compose(session.brief, context, session.framework)
                draft.notices.insert(0, "已取消等待大模型，改用离线起草。" if exc.cancelled
                                     else f"大模型起草失败（{exc}），已改用离线起草。")
                return draft
        return compose(session.brief, context, session.framework)

    def _revise(self, session: DraftSession, text: str, turn=None) -> Reply | None:
        result = apply_revision(text, session.form, session.brief, session.framework)
        mode = "offline"
        if result is None and self.llm is not None and not _looks_like_new_facts(text):
            from assistant.drafting.chain import LLMDraftError, revise_with_llm

            try:
                result, mode = revise_with_llm(text, session.form, self.llm, session.framework, turn), "llm"
            except LLMDraftError as exc:
                return Reply(message=f"大模型修改失败（{exc}）。当前草稿未改动，可换一种说法或直接在表格中编辑。")
        if result is None and self.llm is None and _looks_like_request(text):
            return Reply(message=CANNOT_REVISE.format(text=text))
        if result is None:
            return None
        if result.brief is not None:
            session.brief = result.brief
        if result.framework:
            session.framework = result.framework
        session.add_version(result.form, result.note)
        session.findings = validate(result.form, framework=session.framework)
        changes = describe_changes(session.versions[-2].form, result.form) if len(session.versions) > 1 else []
        message = f"已{result.note}。" + ("\n" + "\n".join(changes[:8]) if changes else "")
        return Reply(message=message + _findings_line(session.findings), drafted=True, mode=mode)

    # ---- edits from the table, undo, versions ---------------------------------------------------

    def edit(self, session: DraftSession, form: PerformanceForm, note: str = "手工编辑") -> DraftSession:
        """A form edited in the UI becomes a new version and is re-validated at once."""
        session.add_version(form, note)
        session.findings = validate(form, framework=session.framework)
        self._save(session)
        return session

    def undo(self, session: DraftSession) -> bool:
        if session.current <= 0:
            return False
        session.current -= 1
        session.findings = validate(session.form, framework=session.framework)
        self._save(session)
        return True

    def redo(self, session: DraftSession) -> bool:
        if session.current >= len(session.versions) - 1:
            return False
        session.current += 1
        session.findings = validate(session.form, framework=session.framework)
        self._save(session)
        return True

    def _save(self, session: DraftSession) -> None:
        if self.sessions is not None:
            self.sessions.save(session)


REQUEST_WORDS = ("改", "删", "去掉", "拿掉", "加", "增加", "添加", "补充", "换", "调整", "修改")
CANNOT_REVISE = (
    "离线模式下没能理解这个修改要求：“{text}”，草稿没有改动。可以这样说：\n"
    "- “培训人数改为500人”“第3行改为≥85%”“把第3行改成助餐点覆盖率≥85%”\n"
    "- “加一个时效指标：12月底前全部投入运营”“增加成本指标：每餐补贴5元”\n"
    "- “删除第3行”“删掉饮水那一行”“培训合格率的依据改为历史标准”“满意度对象改成老年人”\n"
    "- “预算改为30万”“换成101号格式”；也可以直接在“草稿”页的表格里修改。"
)


def _looks_like_request(text: str) -> bool:
    """Words that ask for a change to the draft (not new facts about the project)."""
    return any(word in text for word in REQUEST_WORDS) and not extract_brief(text).budget_wan


def _looks_like_new_facts(text: str) -> bool:
    return bool(extract_brief(text).quantities) and not any(w in text for w in ("改", "删", "加", "增加", "换"))


def _findings_line(findings) -> str:
    numbers = tally(findings)
    errors, warnings = numbers["error"], numbers["warning"]
    if not errors and not warnings:
        return "\n校验通过：没有错误或警告。"
    return f"\n校验结果：{errors} 个错误、{warnings} 个警告，详见“问题”页。"


def _summary(draft: Draft) -> str:
    form = draft.form
    rows = len(form.annual_indicators)
    cited = len({s for row in form.annual_indicators for s in row.sources})
    lines = [f"已起草“{form.project.name or '未命名项目'}”的绩效目标：年度指标 {rows} 条，引用先例与指标库 {cited} 处。"]
    lines += draft.notices
    lines.append(_findings_line(draft.findings).strip())
    lines.append("可以继续提修改要求，例如“培训人数改为500人”“加一个时效指标”“满意度改成95%”“删除第3行”。")
    return "\n".join(lines)
