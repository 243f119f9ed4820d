"""The notes' templates: kept compiled between builds, never stale."""

from __future__ import annotations

import jinja2

from explainer import templates


def test_a_template_edited_between_builds_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "_get_default_cache_dir", lambda self: str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "note.html").write_text("first {{ word }}", encoding="utf-8")

    def build() -> str:
        env = templates.environment()  # one per build
        env.loader = jinja2.FileSystemLoader(tmp_path)
        return env.get_template("note.html").render(word="<b>")

    assert build() == "first &lt;b&gt;"
    assert list((tmp_path / "cache").iterdir()), "the compiled template is kept"
    assert build() == "first &lt;b&gt;"  # from the cache
    (tmp_path / "note.html").write_text("second {{ word }}", encoding="utf-8")
    assert build() == "second &lt;b&gt;"


def test_without_a_folder_for_the_cache_templates_are_compiled_as_before(monkeypatch):
    def refused(self):
        raise RuntimeError("Cannot determine safe temp directory.")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "_get_default_cache_dir", refused)
    env = templates.environment()
    assert env.bytecode_cache is None
    assert env.get_template("verdict.html").module.badge  # still loads and compiles
