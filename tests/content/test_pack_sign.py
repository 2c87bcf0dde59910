"""Pack signing keys: making them, reading them, trusting them (Ed25519 via ``cryptography``)."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from mbc_reader import cli
from mbc_reader.content import pack_sign
from mbc_reader.content.pack_build import build_pack
from mbc_reader.content.pack_store import PackError
from mbc_reader.content.pack_sign import (
    SignError,
    generate_keypair,
    load_private_key,
    load_public_key,
    sign,
    trust_store,
    verify,
)


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path, capsys):
    assert cli.main(["pack", "keygen", "--out", str(tmp_path / "keys"), "--name", "clinic"]) == 0
    out = capsys.readouterr().out
    private, public = tmp_path / "keys" / "clinic.key", tmp_path / "keys" / "clinic.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    key, key_id = load_private_key(private)
    assert key_id == load_public_key(public).key_id and key_id in out
    assert key_id.startswith("ed25519:") and len(key_id) == len("ed25519:") + 16
    assert b"PRIVATE" not in out.encode() and private.read_text().splitlines()[1] not in out


def test_keygen_never_replaces_an_existing_key(tmp_path):
    generate_keypair(tmp_path, "clinic")
    before = (tmp_path / "clinic.key").read_bytes()
    with pytest.raises(SignError, match="already exists"):
        generate_keypair(tmp_path, "clinic")
    assert (tmp_path / "clinic.key").read_bytes() == before
    assert cli.main(["pack", "keygen", "--out", str(tmp_path), "--name", "clinic"]) == 1


def test_a_private_key_others_can_read_is_refused(tmp_path):
    private, _, _ = generate_keypair(tmp_path, "clinic")
    os.chmod(private, 0o640)
    with pytest.raises(SignError, match="chmod 600"):
        load_private_key(private)


def test_a_signature_verifies_only_with_its_key_and_its_data(tmp_path):
    private, public, key_id = generate_keypair(tmp_path / "a", "a")
    generate_keypair(tmp_path / "b", "b")
    key, _ = load_private_key(private)
    doc = sign(key, b"manifest bytes")
    assert verify(doc, b"manifest bytes", trust_store(tmp_path / "a")).key_id == key_id
    with pytest.raises(SignError, match="changed after it was signed"):
        verify(doc, b"manifest byteZ", trust_store(tmp_path / "a"))
    with pytest.raises(SignError, match="does not trust"):
        verify(doc, b"manifest bytes", trust_store(tmp_path / "b"))


def test_trusted_keys_come_from_the_folder_the_environment_names(tmp_path, monkeypatch):
    monkeypatch.delenv(pack_sign.KEYS_ENV, raising=False)
    assert pack_sign.trusted_keys_dir() == Path("/etc/mbc-reader/trusted-keys")
    monkeypatch.setenv(pack_sign.KEYS_ENV, str(tmp_path / "trusted"))
    assert pack_sign.trusted_keys_dir() == tmp_path / "trusted"
    store = trust_store()
    assert not store.configured and store.keys == ()  # a missing folder: no keys configured
    generate_keypair(tmp_path / "trusted", "clinic")
    (tmp_path / "trusted" / "clinic.key").unlink()  # a trusted-keys folder holds public keys only
    store = trust_store()
    assert store.configured and [k.name for k in store.keys] == ["clinic"]


def test_a_broken_key_file_still_counts_as_configured(tmp_path):
    """Fail closed: a garbled .pub must not make the computer accept unsigned packs."""
    (tmp_path / "garbled.pub").write_text("not a key")
    store = trust_store(tmp_path)
    assert store.configured and store.keys == () and store.unreadable == ("garbled.pub",)


def test_the_private_key_is_never_written_into_the_pack(tmp_path, write_article):
    source = tmp_path / "src"
    write_article("page.md", "Some words about zebrafish.\n", folder=source, title="Page")
    private, _, _ = generate_keypair(tmp_path / "keys", "clinic")
    key, _ = load_private_key(private)
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pem_body = "".join(private.read_text().splitlines()[1:-1]).encode()
    out = tmp_path / "pack.zip"
    build_pack(source, out, version="1", sign_key=private)
    with zipfile.ZipFile(out) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist()) + out.read_bytes()
    assert raw not in everything and pem_body not in everything
    assert not any(n.endswith(".key") for n in zipfile.ZipFile(out).namelist())


@pytest.mark.parametrize("where", ["signing key", "other key", "pasted"])
def test_a_folder_holding_a_private_key_is_never_packed(tmp_path, write_article, where):
    source = tmp_path / "src"
    write_article("page.md", "Some words about zebrafish.\n", folder=source, title="Page")
    if where == "signing key":
        private, _, _ = generate_keypair(source / "keys", "clinic")
    else:
        private, _, _ = generate_keypair(tmp_path / "keys", "clinic")
        if where == "other key":
            generate_keypair(source, "another")
        else:
            (source / "media-notes.dat").write_bytes(b"oops\n" + private.read_bytes())
    with pytest.raises(PackError, match="private key, and a pack never carries one"):
        build_pack(source, tmp_path / "pack.zip", version="1", sign_key=private)
    assert not (tmp_path / "pack.zip").exists()


def test_the_pack_being_written_is_not_packed_into_itself(tmp_path, write_article):
    source = tmp_path / "src"
    write_article("page.md", "Some words about zebrafish.\n", folder=source, title="Page")
    build_pack(source, source / "pack.zip", version="1")
    again = build_pack(source, source / "pack.zip", version="2")
    assert "pack.zip" not in again.manifest["members"]
