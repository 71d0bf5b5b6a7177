"""The settings the store keeps and the key custody done from the desk, without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkdesk.errors import ValidationError
from linkdesk.services import settings_admin as sa
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

NEW = "violet kettle marathon"


def good_values(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        sa.SERVICE_NAME: "  Luton Link Team ",
        sa.LETTERHEAD_ADDRESS: "1 Road\nLuton\n",
        sa.LETTERHEAD_CONTACT: "01582 000000",
        sa.LETTERHEAD_SIGNATURE: "",
        sa.LETTERHEAD_LOGO: "",
        sa.IDLE_LOCK_MINUTES: 5,
        sa.SUPPRESS_UNDER: "10",
        sa.STALLED_REFERRAL_DAYS: 42,
    }
    values.update(changes)
    return values


def test_wholes_clamp_what_is_stored_and_refuse_what_is_typed() -> None:
    assert sa.IDLE.read(None) == 5 and sa.IDLE.read("99") == 15 and sa.IDLE.read("x") == 5
    assert sa.STALLED.read("3") == 7 and sa.SUPPRESS.read("") == 10
    clean = sa.check_settings(good_values())
    assert clean[sa.SERVICE_NAME] == "Luton Link Team" and clean[sa.LETTERHEAD_ADDRESS] == "1 Road\nLuton"
    assert clean[sa.SUPPRESS_UNDER] == 10
    for key, bad in ((sa.IDLE_LOCK_MINUTES, 16), (sa.SUPPRESS_UNDER, "0"), (sa.STALLED_REFERRAL_DAYS, "six")):
        with pytest.raises(ValidationError) as caught:
            sa.check_settings(good_values(**{key: bad}))
        assert caught.value.field == key
    with pytest.raises(ValidationError) as caught:
        sa.check_settings(good_values(**{sa.SERVICE_NAME: "  "}))
    assert caught.value.field == sa.SERVICE_NAME


def test_a_logo_must_be_a_small_png_or_jpeg(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(b"0" * (sa.MAX_LOGO_BYTES + 1))
    small = tmp_path / "small.JPG"
    small.write_bytes(b"0" * 10)
    assert sa.check_logo(str(small)) == str(small)
    for bad in (str(big), str(tmp_path / "missing.png"), str(tmp_path)):
        with pytest.raises(ValidationError):
            sa.check_logo(bad)


def test_the_old_letterhead_box_becomes_the_address_on_first_save(vault: Vault) -> None:
    store, _code = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("letterhead", "Old address")
        loaded = sa.read_settings(store)
        assert loaded[sa.LETTERHEAD_ADDRESS] == "Old address"
        sa.save_settings(store, loaded, loaded)
        assert store.setting("letterhead_address") == "Old address" and store.setting("letterhead") == ""
        assert sa.read_settings(store)[sa.LETTERHEAD_ADDRESS] == "Old address"


def test_strength_hints_grow_with_length() -> None:
    levels = [sa.strength(p).level for p in ("", "abc", "abcdefgh", "abcdefghijkl", NEW)]
    assert levels == [0, 0, 1, 2, 3]


def test_passphrase_change_checks_the_fields_then_rewraps(vault: Vault) -> None:
    store, _code = vault.create("Team", PASSPHRASE)
    with store:
        for current, new, repeat, field in (
            ("", NEW, NEW, "current"),
            (PASSPHRASE, "short", "short", "new"),
            (PASSPHRASE, PASSPHRASE, PASSPHRASE, "new"),
            (PASSPHRASE, NEW, NEW + "x", "repeat"),
        ):
            with pytest.raises(ValidationError) as caught:
                sa.change_passphrase(store, current, new, repeat)
            assert caught.value.field == field
        sa.change_passphrase(store, PASSPHRASE, NEW, NEW)
    vault.unlock(NEW).close()


class CheckingStore:
    """A store that can check the current passphrase (as the storage layer is asked to add)."""

    def __init__(self) -> None:
        self.changed: list[str] = []

    def check_passphrase(self, passphrase: str) -> bool:
        return passphrase == PASSPHRASE

    def change_passphrase(self, new: str) -> None:
        self.changed.append(new)


def test_a_wrong_current_passphrase_is_refused_where_the_store_can_check() -> None:
    store = CheckingStore()
    with pytest.raises(ValidationError) as caught:
        sa.change_passphrase(store, "not it at all", NEW, NEW)  # type: ignore[arg-type]
    assert caught.value.field == "current" and store.changed == []
    assert sa.change_passphrase(store, PASSPHRASE, NEW, NEW) is True  # type: ignore[arg-type]
    assert store.changed == [NEW]


def test_keychain_words() -> None:
    assert sa.keychain_words("off").startswith("Not used")
    assert "(SecretService)" in sa.keychain_words("keyring.backends.SecretService")
