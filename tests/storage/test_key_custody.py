"""D2: the keychain device secret, the recovery code and what happens when the keychain goes."""

from __future__ import annotations

from pathlib import Path

import keyring.backend
import pytest

from linkdesk.errors import KeychainUnavailable, ValidationError, WrongPassphrase
from linkdesk.platform.secrets import KeychainSecrets, is_trusted
from linkdesk.storage.keyfile import KeyFile
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, MemoryKeyring, make_vault

NEW_PASSPHRASE = "a brand new passphrase"


class OtherKeyring(MemoryKeyring):
    pass


def seeded_store(vault: Vault, n: int = 5) -> str:
    store, code = vault.create("Keychain Team", PASSPHRASE)
    with store:
        for i in range(n):
            store.set_setting(f"note_{i}", f"value {i}")
    return code


def values(store: object) -> list[str | None]:
    return [store.setting(f"note_{i}") for i in range(5)]  # type: ignore[attr-defined]


def test_with_a_trusted_keychain_the_passphrase_alone_is_not_enough(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    vault = make_vault(home, keychain=True)
    seeded_store(vault)
    keyfile = KeyFile.load(home / "linkdesk.keys.json")
    assert keyfile.passphrase_wrap.device_secret
    assert keyfile.keychain_backend.endswith("MemoryKeyring")
    with vault.unlock(PASSPHRASE) as store:
        assert store.info()["keychain"].endswith("MemoryKeyring")
    memory_keyring.items.clear()  # the keychain item is gone (new laptop profile, reset keychain)
    with pytest.raises(KeychainUnavailable, match="recovery code"):
        vault.unlock(PASSPHRASE)


@pytest.mark.parametrize("failure", ["absent", "refusing", "changed", "disabled"])
def test_keychain_trouble_leads_to_recovery_with_nothing_lost(
    home: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    code = seeded_store(make_vault(home, keychain=True))
    if failure == "absent":
        memory_keyring.items.clear()
    elif failure == "refusing":
        memory_keyring.refuse = True
    elif failure == "changed":
        other = OtherKeyring()  # another backend, even one that holds a copy of the item
        other.items = dict(memory_keyring.items)
        keyring.set_keyring(other)
    vault = make_vault(home, keychain=failure != "disabled")
    with pytest.raises(KeychainUnavailable, match="recovery"):
        vault.unlock(PASSPHRASE)
    assert not list(home.glob("*.db.*")), "no new store was made beside the old one"
    memory_keyring.refuse = False
    with vault.recover(code, NEW_PASSPHRASE) as store:
        assert values(store) == [f"value {i}" for i in range(5)]
        assert store.verify() == []
    with vault.unlock(NEW_PASSPHRASE) as store:
        assert values(store) == [f"value {i}" for i in range(5)]


def test_recovery_code_unlocks_however_it_is_typed(vault: Vault) -> None:
    code = seeded_store(vault)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    with vault.recover(typed, NEW_PASSPHRASE) as store:
        assert values(store)[0] == "value 0"


def test_a_wrong_recovery_code_is_refused(vault: Vault) -> None:
    seeded_store(vault)
    with pytest.raises(WrongPassphrase, match="recovery code"):
        vault.recover("ABCDE-ABCDE-ABCDE-ABCDE-ABCDE-ABCDE", NEW_PASSPHRASE)
    with pytest.raises(ValidationError, match="groups"):
        vault.recover("too short", NEW_PASSPHRASE)
    vault.unlock(PASSPHRASE).close()


def test_change_passphrase(vault: Vault) -> None:
    seeded_store(vault)
    with vault.unlock(PASSPHRASE) as store:
        store.change_passphrase(NEW_PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASSPHRASE)
    vault.unlock(NEW_PASSPHRASE).close()


def test_rotating_the_recovery_code_retires_the_old_one(vault: Vault) -> None:
    old = seeded_store(vault)
    with vault.unlock(PASSPHRASE) as store:
        new = store.rotate_recovery_code()
    assert new != old
    with pytest.raises(WrongPassphrase):
        vault.recover(old, NEW_PASSPHRASE)
    vault.recover(new, NEW_PASSPHRASE).close()


def test_kdf_parameters_are_stored_with_the_store(vault: Vault, home: Path) -> None:
    seeded_store(vault)
    keyfile = KeyFile.load(home / "linkdesk.keys.json")
    assert keyfile.passphrase_wrap.kdf.time_cost == 1  # the suite's minimum, recorded per store
    assert keyfile.recovery_wrap.kind == "recovery"
    text = (home / "linkdesk.keys.json").read_text()
    assert PASSPHRASE not in text


class PlaintextLike(keyring.backend.KeyringBackend):
    """Stands in for keyrings.alt.file.PlaintextKeyring, which must never be trusted."""

    priority = 0.5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a refused backend was written to")

    def delete_password(self, service: str, username: str) -> None:
        return None


class AltModuleKeyring(MemoryKeyring):
    pass


AltModuleKeyring.__module__ = "keyrings.alt.file"


@pytest.mark.parametrize("backend_cls", [PlaintextLike, AltModuleKeyring])
def test_non_recommended_backends_are_refused(
    home: Path, monkeypatch: pytest.MonkeyPatch, backend_cls: type[keyring.backend.KeyringBackend]
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend_cls())
    try:
        secrets = KeychainSecrets(enabled=True)
        assert not secrets.available()
        assert secrets.backend_name() == "off"
        vault = Vault(home, secrets, FrozenClock(), make_vault(home).kdf)
        store, _ = vault.create("Team", PASSPHRASE)
        store.close()
        assert not KeyFile.load(home / "linkdesk.keys.json").passphrase_wrap.device_secret
    finally:
        keyring.set_keyring(previous)


def test_the_fail_backend_is_not_trusted() -> None:
    from keyring.backends import fail

    assert not is_trusted(fail.Keyring())
    assert is_trusted(MemoryKeyring())


def test_check_passphrase_on_an_open_store(vault: Vault) -> None:
    seeded_store(vault)
    with vault.unlock(PASSPHRASE) as store:
        assert store.check_passphrase(PASSPHRASE)
        assert not store.check_passphrase("not the passphrase")


def chainer_of(*children: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    """keyring's ChainerBackend over exactly these backends (it writes to the first that accepts)."""
    from keyring.backends.chainer import ChainerBackend

    class Chainer(ChainerBackend):
        backends = tuple(children)  # type: ignore[assignment]

    return Chainer()


def test_a_chainer_is_trusted_only_when_every_child_is() -> None:
    assert is_trusted(chainer_of(MemoryKeyring(), OtherKeyring()))
    assert not is_trusted(chainer_of(MemoryKeyring(), AltModuleKeyring()))
    assert not is_trusted(chainer_of(AltModuleKeyring(), MemoryKeyring()))
    assert not is_trusted(chainer_of(MemoryKeyring(), PlaintextLike()))
    assert not is_trusted(chainer_of())
