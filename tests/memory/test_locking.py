"""The folder lock, exclusive links and temp-file clean-up."""

from __future__ import annotations

import os
import threading
import time

import pytest

from askwhy.memory.locking import folder_lock, link_new, remove_stale_temps, write_temp


def test_link_new_never_replaces_an_existing_file(tmp_path):
    tmp, _ = write_temp(tmp_path, "g.json", b"first")
    assert link_new(tmp, tmp_path / "g.json")
    other, _ = write_temp(tmp_path, "g.json", b"second")
    assert not link_new(other, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_bytes() == b"first"


def test_link_new_without_hard_links_reserves_the_name(tmp_path, monkeypatch):
    def no_links(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    tmp, _ = write_temp(tmp_path, "g.json", b"first")
    assert link_new(tmp, tmp_path / "g.json") and not tmp.exists()
    other, _ = write_temp(tmp_path, "g.json", b"second")
    assert not link_new(other, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_bytes() == b"first"


def test_write_temp_signature_is_the_linked_file_signature(tmp_path):
    from askwhy.memory.locking import FileSignature

    tmp, signature = write_temp(tmp_path, "g.json", b"{}")
    link_new(tmp, tmp_path / "g.json")
    tmp.unlink()
    assert FileSignature.of(os.stat(tmp_path / "g.json")) == signature


def test_the_lock_excludes_a_second_holder(tmp_path):
    order: list[str] = []
    inside = threading.Event()

    def hold():
        with folder_lock(tmp_path):
            inside.set()
            time.sleep(0.2)
            order.append("first out")

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait()
    with folder_lock(tmp_path):
        order.append("second in")
    thread.join()
    assert order == ["first out", "second in"]


def test_a_lock_held_too_long_times_out(tmp_path):
    with (
        folder_lock(tmp_path),
        pytest.raises(TimeoutError, match="another askwhy process"),
        folder_lock(tmp_path, timeout=0.05),
    ):
        pass


def test_only_old_temp_files_are_removed(tmp_path):
    old, fresh = tmp_path / ".a.json-1.tmp", tmp_path / ".a.json-2.tmp"
    graph = tmp_path / "a.json"
    for path in (old, fresh, graph):
        path.write_text("x")
    past = time.time() - 3600
    os.utime(old, (past, past))
    os.utime(graph, (past, past))
    assert remove_stale_temps(tmp_path) == [old.name]
    assert fresh.exists() and graph.exists()
