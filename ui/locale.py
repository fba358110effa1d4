"""The app speaks 简体中文 whatever the browser's language: gradio's own widget texts, in Chinese.

Gradio picks its built-in texts ("Drop File Here", "Click to Upload", the table menus, the login page) by the
browser's language. Through its i18n mechanism (``launch(i18n=gr.I18n(...))``) we give, for every other
language gradio ships, the Chinese of the texts our widgets show — the wording of gradio's own zh-CN
translation — so a browser set to English sees the same page as one set to Chinese.
"""

from __future__ import annotations

import gradio as gr

# gradio's translation keys → its zh-CN wording (gradio/templates/frontend/assets/zh-CN-*.js)
CHINESE = {
    "upload_text.click_to_upload": "点击上传",
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.drop_csv": "将 CSV 文件拖放到此处",
    "upload_text.paste_clipboard": "从剪贴板粘贴",
    "file.uploading": "正在上传...",
    "common.or": "或",
    "common.clear": "清除",
    "common.download": "下载",
    "common.edit": "编辑",
    "common.empty": "空",
    "common.error": "错误",
    "common.loading": "加载中",
    "common.remove": "移除",
    "common.submit": "提交",
    "common.undo": "撤销",
    "common.settings": "设置",
    "common.built_with_gradio": "使用 Gradio 构建",
    "dataframe.new_column": "添加列",
    "dataframe.new_row": "新行",
    "dataframe.add_row_above": "在上方添加行",
    "dataframe.add_row_below": "在下方添加行",
    "dataframe.delete_row": "删除行",
    "dataframe.delete_column": "删除列",
    "dataframe.add_column_left": "在左侧添加列",
    "dataframe.add_column_right": "在右侧添加列",
    "dataframe.sort_column": "排序列",
    "dataframe.sort_ascending": "升序排序",
    "dataframe.sort_descending": "降序排序",
    "dataframe.clear_sort": "清除排序",
    "dataframe.drop_to_upload": "将 CSV 或 TSV 文件拖放到此处以将数据导入数据框",
    "login.login": "登录",
    "login.username": "用户名",
    "login.password": "密码",
    "login.incorrect_credentials": "用户名或密码不正确（连续输错多次后，该账号需等几分钟再试）",
    "chatbot.retry": "重试",
    "chatbot.undo": "撤销",
    "chatbot.clear": "清空对话",
    "chatbot.submit": "发送",
    "chatbot.cancel": "取消",
    "blocks.lost_connection": "由于离开页面，连接已丢失。正在重新加入队列...",
    "blocks.waiting_for_inputs": "等待文件上传完成，请稍后重试。",
}
# the languages gradio ships besides Chinese (zh-CN / zh-TW keep gradio's own Chinese)
OTHER_LANGUAGES = ("en", "ar", "ca", "de", "es", "et", "eu", "fa", "fi", "fr", "he", "hi", "id", "ja", "ko", "lt",
                   "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sv", "ta", "th", "tr", "uk", "ur", "uz")


def chinese_everywhere() -> gr.I18n:
    return gr.I18n(**{language: dict(CHINESE) for language in OTHER_LANGUAGES})
