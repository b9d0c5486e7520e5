"""Where the program writes: only the user data folder, or the one override."""

from __future__ import annotations

import hashlib

from desktop import paths
from desktop.services.session import open_session


def test_home_override_puts_everything_in_one_folder(tmp_path):
    paths.set_home(tmp_path / "usb")
    try:
        for p in (paths.database(), paths.backups(), paths.attachments(), paths.ui_settings()):
            assert p.is_relative_to(tmp_path / "usb")
    finally:
        paths.set_home(None)


def test_environment_variable_override(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "env-home"))
    paths.set_home(None)
    assert paths.database() == (tmp_path / "env-home" / "plans.db").resolve()


def test_default_home_is_the_platform_user_data_folder(monkeypatch):
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    paths.set_home(None)
    home = paths.home()
    assert "PlanLedger" in str(home)
    assert not home.is_relative_to(paths.install_root())


def test_first_start_copies_the_bundled_database_and_never_writes_it(home):
    bundled = paths.bundled_database()
    digest = hashlib.sha256(bundled.read_bytes()).hexdigest()
    session = open_session()
    try:
        assert paths.database().exists()
        from desktop.services import plans

        assert len(plans.list_plans(session=session)) == 5
        from desktop.storage import settings

        settings.put(session.store, {"user_name": "测试员"}, who="测试员")
    finally:
        session.close()
    assert hashlib.sha256(bundled.read_bytes()).hexdigest() == digest
    written = {p.relative_to(home) for p in home.rglob("*")}
    assert all(not str(p).startswith("..") for p in written)
