"""The catalogue cache: used when nothing changed, rebuilt when a spec changes, never trusted blindly."""

from __future__ import annotations

import shutil

from merit import specs


def _own_specs(tmp_path):
    own = tmp_path / "specs"
    own.mkdir()
    shutil.copy(specs.bundled_specs_dir() / "la-customer-service-specialist.yaml", own)
    return own


def test_a_second_load_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MERIT_CACHE_DIR", str(tmp_path / "cache"))
    own = _own_specs(tmp_path)
    first = specs.load_catalogue(own)
    assert len(list((tmp_path / "cache").glob("catalogue-*.pickle"))) == 1
    monkeypatch.setattr(specs, "_build_catalogue", lambda d: (_ for _ in ()).throw(AssertionError("rebuilt")))
    second = specs.load_catalogue(own)
    assert [c.id for c in second.classes] == [c.id for c in first.classes] == ["LA-1229"]


def test_a_changed_spec_is_seen_and_replaces_the_old_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("MERIT_CACHE_DIR", str(tmp_path / "cache"))
    own = _own_specs(tmp_path)
    specs.load_catalogue(own)
    spec = own / "la-customer-service-specialist.yaml"
    spec.write_text(spec.read_text().replace("title: Customer Service Specialist\n", "title: Customer Service Specialist II\n", 1))
    again = specs.load_catalogue(own)
    assert again.classes[0].title == "Customer Service Specialist II"
    assert len(list((tmp_path / "cache").glob("catalogue-*.pickle"))) == 1


def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("MERIT_CACHE_DIR", str(tmp_path / "cache"))
    own = _own_specs(tmp_path)
    specs.load_catalogue(own)
    (cached,) = (tmp_path / "cache").glob("catalogue-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert specs.load_catalogue(own).classes[0].id == "LA-1229"
    cached.chmod(0o666)  # writable by others: not trusted
    assert specs._read_cache(cached) is None


def test_no_cache_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("MERIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MERIT_NO_CACHE", "1")
    specs.load_catalogue(_own_specs(tmp_path))
    assert not (tmp_path / "cache").exists()
