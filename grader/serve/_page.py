"""The self-check page: HTML generated from the rubric's form, in zh or en.

Self-contained (no CDN, no external font) and free of inline script, so the server's
Content-Security-Policy can forbid it: the behaviour is `static/app.js`, the look
`static/app.css`, and what the script needs to know (messages, verdict names) travels in a
`<script type="application/json">` data block, which no browser executes. Every text from
the rubric is escaped. All addresses are relative, so the page works under a reverse
proxy's path prefix.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files

from grader.i18n import Lang, catalogue, t
from grader.report import Verdict
from grader.rubric import Rubric
from grader.serve._form import MAX_FIELD_CHARS, FormField, form_of

__all__ = ["STATIC", "page_html", "static_file"]

STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
"""The page's static files (package data in `grader/serve/static/`) and their types."""

_MESSAGES = ("serve.read_as", "serve.checking", "serve.score", "serve.unknown_fields",
             "serve.unreachable", "serve.report")


def static_file(name: str) -> bytes:
    """The bytes of one of `STATIC`, read from the installed package."""
    if name not in STATIC:
        raise KeyError(name)
    return files("grader.serve").joinpath("static").joinpath(name).read_bytes()


def _data_block(rubric: Rubric, lang: Lang) -> str:
    data = {
        "rubric": rubric.id,
        "lang": lang,
        "personal": rubric.parameters is not None,
        # Templates as they are: the script fills their {fields}.
        "messages": {key.split(".", 1)[1]: catalogue()[key][lang] for key in _MESSAGES},
        "verdicts": {v.value: v.label(lang) for v in Verdict},
    }
    # `<` escaped: the text can never close the data block.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="grader-data">{text}</script>'


def _field(f: FormField) -> str:
    ident = escape(f"f-{f.path}")
    path = escape(f.path)
    note = f' <small>{escape(f.note)}</small>' if f.note else ""
    common = (f'id="{ident}" name="{path}" data-path="{path}" data-kind="{f.kind}" '
              f'maxlength="{MAX_FIELD_CHARS}" autocomplete="off" spellcheck="false"')
    if f.kind == "essay":
        control = f'<textarea {common} rows="6"></textarea>'
    else:
        mode = ' inputmode="text"' if f.kind == "formula" else ""
        control = f'<input type="text" {common}{mode}>'
    return (f'<div class="field" data-field="{path}">'
            f'<label for="{ident}"><code>{escape(f.label)}</code>{note}</label>{control}'
            f'<output class="read" for="{ident}"></output>'
            f'<div class="verdict" data-verdict-for="{path}"></div></div>')


def page_html(rubric: Rubric, lang: Lang) -> str:
    """The whole page for `rubric` in `lang`."""
    title = t("serve.title", lang, rubric=rubric.title.get(lang) or rubric.id)
    other: Lang = "en" if lang == "zh" else "zh"
    questions = "".join(
        f'<fieldset class="question" id="q-{escape(q.id)}"><legend>{escape(q.title)}</legend>'
        + "".join(_field(f) for f in q.fields) + "</fieldset>"
        for q in form_of(rubric, lang))
    personal = ""
    if rubric.parameters is not None:
        personal = (f'<p class="hint">{escape(t("serve.parameters_hint", lang))}</p>'
                    f'<div id="parameters" aria-live="polite"><strong>'
                    f'{escape(t("assign.your_parameters", lang))}</strong><ul></ul></div>')
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="static/app.css">
{_data_block(rubric, lang)}
<script src="static/app.js" defer></script>
</head>
<body>
<header><h1>{escape(title)}</h1>
<a class="lang" href="?lang={other}" hreflang="{other}">{escape(t("serve.language", lang))}</a>
</header>
<main>
<p class="intro">{escape(t("serve.intro", lang))}</p>
<form id="answers" novalidate>
<fieldset class="student"><legend>{escape(t("serve.student", lang))}</legend>
<div class="field"><label for="student-id">{escape(t("serve.student_id", lang))}</label>
<input type="text" id="student-id" maxlength="100" autocomplete="off"></div>
<div class="field"><label for="student-name">{escape(t("serve.student_name", lang))}</label>
<input type="text" id="student-name" maxlength="100" autocomplete="off"></div>
{personal}
</fieldset>
{questions}
<div class="actions">
<button type="submit" id="check">{escape(t("serve.check", lang))}</button>
<button type="button" id="download">{escape(t("serve.download", lang))}</button>
</div>
</form>
<section id="file">
<h2>{escape(t("serve.file_title", lang))}</h2>
<p>{escape(t("serve.file_hint", lang))}</p>
<textarea id="yaml-text" rows="8" spellcheck="false" aria-label="YAML"></textarea>
<div class="actions">
<input type="file" id="yaml-file" accept=".yaml,.yml,text/yaml,text/plain">
<button type="button" id="check-file">{escape(t("serve.check_file", lang))}</button>
</div>
</section>
<section id="report" aria-live="polite" hidden>
<h2>{escape(t("serve.report", lang))}</h2>
<div id="report-body"></div>
</section>
</main>
</body>
</html>
"""
