"""Writing the search index over the last build's: only what changed is written, the rest is removed."""

from __future__ import annotations

import pytest

from explainer.index_reuse import MANIFEST, SET_ASIDE, set_aside, take_back, write_bundle


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
        MANIFEST, "fragment", "fragment/a.pf_fragment", "index", "index/c.pf_index", "pagefind.js"]
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


def rebuild(index, files):
    set_aside(index)
    return write_bundle(index, files, prune=take_back(index))


def test_what_the_last_build_wrote_is_known_without_reading_it_back_but_not_taken_on_trust(tmp_path):
    index = tmp_path / "pagefind"
    files = [("pagefind.js", b"js"), ("fragment/a.pf_fragment", b"a"), ("fragment/b.pf_fragment", b"b")]
    write_bundle(index, files, prune=False)
    assert rebuild(index, files) == 0

    (index / "fragment" / "a.pf_fragment").unlink()  # gone since: written again
    (index / "fragment" / "b.pf_fragment").unlink()
    (index / "fragment" / "b.pf_fragment").symlink_to(tmp_path / "elsewhere")  # not a file any more: replaced
    assert rebuild(index, files) == 2
    assert (index / "fragment" / "a.pf_fragment").read_bytes() == b"a"
    assert not (index / "fragment" / "b.pf_fragment").is_symlink()
    assert (index / "fragment" / "b.pf_fragment").read_bytes() == b"b"

    (index / MANIFEST).write_text("{not json", encoding="utf-8")  # unreadable: everything is written again
    assert rebuild(index, files) == 3
    assert rebuild(index, files) == 0


def test_the_manifest_is_the_builds_own(tmp_path):
    with pytest.raises(ValueError, match="the build's own"):
        write_bundle(tmp_path / "pagefind", [(MANIFEST, b"{}")], prune=False)
