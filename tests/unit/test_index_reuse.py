"""Writing the search index over the last build's: only what changed is written, the rest is removed."""

from __future__ import annotations

import pytest

from explainer.index_reuse import SET_ASIDE, set_aside, take_back, write_bundle


def test_only_new_and_changed_files_are_written_and_the_rest_removed(tmp_path):
    index = tmp_path / "pagefind"
    assert write_bundle(index, [("pagefind.js", b"js"), ("fragment/a.pf_fragment", b"a"), ("fragment/b.pf_fragment", b"b")],
                        prune=False) == 3
    same = (index / "fragment" / "a.pf_fragment").stat()
    set_aside(index)
    assert not index.exists() and (tmp_path / SET_ASIDE).is_dir()
    assert take_back(index) and not (tmp_path / SET_ASIDE).exists()
    written = write_bundle(index, [("pagefind.js", b"js 2"), ("fragment/a.pf_fragment", b"a"), ("index/c.pf_index", b"c")],
                           prune=True)
    assert written == 2  # the changed script and the new chunk; the unchanged fragment is left alone
    assert sorted(p.relative_to(index).as_posix() for p in index.rglob("*")) == [
        "fragment", "fragment/a.pf_fragment", "index", "index/c.pf_index", "pagefind.js"]
    kept = (index / "fragment" / "a.pf_fragment").stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (same.st_ino, same.st_mtime_ns)


def test_without_a_last_index_nothing_else_in_the_folder_is_removed(tmp_path):
    index = tmp_path / "pagefind"
    (index / "fragment").mkdir(parents=True)
    (index / "fragment" / "theirs.txt").write_text("not the index's", encoding="utf-8")
    assert not take_back(index)
    write_bundle(index, [("pagefind.js", b"js")], prune=False)
    assert (index / "fragment" / "theirs.txt").is_file()


@pytest.mark.parametrize("name", ["../outside.js", "/etc/passwd", "fragment/../../outside.js", ""])
def test_a_file_named_outside_the_folder_is_refused(tmp_path, name):
    with pytest.raises(ValueError, match="outside its folder"):
        write_bundle(tmp_path / "pagefind", [(name, b"x")], prune=True)
    assert not (tmp_path / "outside.js").exists()
