"""Issue 13, break 7: a crafted backup must not write outside instance/ nor plant a secret key.

Every attack zip is a genuine backup of the test database with the attacker's changes, the
manifest kept consistent with them as an attacker would (its file list, and its checksums
when the format has them). A refused restore writes nothing, leaves the database as it was
and the secret key as it was.
"""
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

import config
from tests.conftest import PASSWORD, csrf_token
from tests.maintenance.test_backup_retention import snapshot
from tests.factories import register
from tracker.core.timeutil import KYIV
from tracker.extensions import db

ATTACKER_KEY = "attacker-chosen-secret-key"
ORIGINAL_KEY = "the-council-secret-key"


def craft(source: Path, target: Path, *, add: dict | None = None, files: tuple = (),
          change: dict | None = None, keep_checksums: bool = False) -> None:
    """``source`` with members added (``add``) or replaced (``change``); ``files`` appended
    to the manifest's file list; the manifest's checksums, when it has them, recomputed for
    every added or changed member unless ``keep_checksums``."""
    add, change = add or {}, change or {}
    with zipfile.ZipFile(source) as src:
        manifest = json.loads(src.read("manifest.json"))
        members = {n: src.read(n) for n in src.namelist() if n != "manifest.json"}
    members.update(change)
    members.update(add)
    manifest["files"] = manifest["files"] + list(files)
    if "checksums" in manifest and not keep_checksums:
        for name in {**change, **add}:
            manifest["checksums"][name] = hashlib.sha256(members[name]).hexdigest()
    with zipfile.ZipFile(target, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
        dst.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))


@pytest.fixture
def world(app, users, runner, tmp_path):
    """A nested instance/ (so ``../..`` stays in tmp_path) with a secret key and a blank, a
    genuine backup of it, then one more request so that any restore would change the data."""
    instance = tmp_path / "srv" / "zapyt" / "instance"
    instance.mkdir(parents=True)
    (instance / "secret_key").write_text(ORIGINAL_KEY)
    (instance / "letterhead.docx").write_bytes(b"PK blank")
    app.instance_path = str(instance)
    with time_machine.travel(dt.datetime(2018, 4, 3, 12, tzinfo=KYIV), tick=False):
        register(users["clerk"])
        result = runner.invoke(args=["backup", str(tmp_path / "genuine.zip")])
        assert result.exit_code == 0, result.output
        register(users["clerk"], requester={"name": "Після Копії"})
    return {"instance": instance, "genuine": tmp_path / "genuine.zip", "before": snapshot()}


def restore_refused(runner, world, crafted: Path, *, says: str) -> None:
    result = runner.invoke(args=["restore", str(crafted), "--yes"])
    assert result.exit_code != 0, result.output
    assert says in result.stderr
    db.session.expire_all()
    assert snapshot() == world["before"]
    assert (world["instance"] / "secret_key").read_text() == ORIGINAL_KEY
    assert (world["instance"] / "letterhead.docx").read_bytes() == b"PK blank"


def _symlinked_folder(instance: Path, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (instance / "blanks").symlink_to(tmp_path / "outside", target_is_directory=True)


@pytest.mark.parametrize("rel, lands, setup", [
    ("../../x", "srv/x", None),
    ("letters/../../../y", "srv/y", None),
    ("ABSOLUTE", "abs/x", None),
    ("secret_key", "srv/zapyt/instance/secret_key", None),
    ("blanks/z.docx", "outside/z.docx", _symlinked_folder),
], ids=["dot-dot", "nested-dot-dot", "absolute", "secret-key", "through-a-symlink"])
def test_manifest_files_outside_instance_or_secret_are_refused(app, runner, world, tmp_path,
                                                               rel, lands, setup):
    if rel == "ABSOLUTE":
        rel = str(tmp_path / "abs" / "x")
    if setup:
        setup(world["instance"], tmp_path)
    crafted = tmp_path / "crafted.zip"
    craft(world["genuine"], crafted, add={f"files/{rel}": ATTACKER_KEY.encode()}, files=(rel,))
    restore_refused(runner, world, crafted, says=repr(rel))
    target = tmp_path / lands
    assert not target.exists() or target.read_bytes() != ATTACKER_KEY.encode()
    assert not (tmp_path / "srv" / "x").exists() and not (tmp_path / "abs").exists()


@pytest.mark.parametrize("member", ["files/../../evil", "files/extra.txt", "run.sh",
                                    "tables/evil.jsonl", "/evil"])
def test_members_the_backup_would_not_write_are_refused(app, runner, world, tmp_path, member):
    crafted = tmp_path / "crafted.zip"
    craft(world["genuine"], crafted, add={member: b"echo owned\n"})
    restore_refused(runner, world, crafted, says=repr(member))
    assert not (tmp_path / "srv" / "evil").exists() and not Path("/evil").exists()


def test_a_listed_file_without_its_member_is_refused(app, runner, world, tmp_path):
    crafted = tmp_path / "crafted.zip"
    craft(world["genuine"], crafted, files=("missing.docx",))
    restore_refused(runner, world, crafted, says="'files/missing.docx'")


def test_a_tampered_table_fails_its_checksum(app, runner, world, tmp_path):
    with zipfile.ZipFile(world["genuine"]) as zf:
        rows = zf.read("tables/requesters.jsonl").decode()
    assert "Красновська" in rows
    tampered = {"tables/requesters.jsonl": rows.replace("Красновська", "Підмінена").encode()}
    crafted = tmp_path / "crafted.zip"
    craft(world["genuine"], crafted, change=tampered, keep_checksums=True)
    restore_refused(runner, world, crafted, says="'tables/requesters.jsonl'")


def test_with_a_signing_key_only_backups_signed_with_it_restore(app, runner, world, tmp_path):
    app.config["BACKUP_SIGNING_KEY"] = "council-backup-key"
    signed = tmp_path / "signed.zip"
    assert runner.invoke(args=["backup", str(signed)]).exit_code == 0
    with zipfile.ZipFile(signed) as zf:
        rows = zf.read("tables/requesters.jsonl").decode()
    # The attacker recomputes the member's checksum but cannot sign the manifest.
    crafted = tmp_path / "crafted.zip"
    craft(signed, crafted, change={"tables/requesters.jsonl":
                                   rows.replace("Після Копії", "Підмінена").encode()})
    restore_refused(runner, world, crafted, says="Підпис маніфесту не збігається")
    restore_refused(runner, world, world["genuine"], says="не підписано")
    result = runner.invoke(args=["restore", str(signed), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert snapshot() == world["before"]


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _re_signed(app, cookie: str, key: str) -> str:
    """The session ``cookie`` of ``app``, signed again with ``key`` (the attacker's)."""
    data = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie)
    forger = Flask("forger")
    forger.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(dict(data))


def _opens_admin_users(app, cookie: str) -> bool:
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/admin/users").status_code == 200


def test_a_planted_secret_key_does_not_open_the_admin_pages(app, users, runner, tmp_path,
                                                             monkeypatch):
    """The issue's attack end to end: restore a backup carrying ``files/secret_key``, let the
    app read its key file again (as on restart), and present an admin session cookie the
    attacker signed with their own key."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    key_file = Path(app.instance_path) / "secret_key"
    assert key_file.parent == config.INSTANCE_DIR
    production_key = config._secret_key()  # read from instance/secret_key (made if missing)
    original = key_file.read_bytes()
    try:
        app.config["SECRET_KEY"] = production_key  # the app as production runs it
        admin = app.test_client()
        admin.post("/login", data={"email": users["admin"].email, "password": PASSWORD,
                                   "csrf_token": csrf_token(admin)})
        genuine = _session_cookie(admin)
        forged = _re_signed(app, genuine, ATTACKER_KEY)
        assert _opens_admin_users(app, genuine) and not _opens_admin_users(app, forged)
        backup = tmp_path / "b.zip"
        assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
        crafted = tmp_path / "crafted.zip"
        craft(backup, crafted, add={"files/secret_key": ATTACKER_KEY.encode()},
              files=("secret_key",))
        result = runner.invoke(args=["restore", str(crafted), "--yes"])
        app.config["SECRET_KEY"] = config._secret_key()  # restarted: the key file read again
        assert not _opens_admin_users(app, forged)
        assert _opens_admin_users(app, genuine)
        assert key_file.read_bytes() == original
        assert result.exit_code != 0 and "'secret_key'" in result.stderr
    finally:
        key_file.write_bytes(original)


def test_restorable_names():
    from tracker.maintenance.backup import restorable
    for rel in ("letterhead.docx", "blanks/герб.docx", "a.b/c-d_e.docx"):
        assert restorable(rel), rel
    for rel in ("../x", "/tmp/x", "secret_key", "Secret_Key", "sub/secret_key", "a/../b",
                "./a", "a//b", "a/", "..\\..\\x", "C:x", "a\x00b", "a\nb", "imports/x",
                "tracker.db", "tracker.db-wal", "demo-login.txt", "", None, 5):
        assert not restorable(rel), rel
