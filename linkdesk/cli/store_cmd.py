"""Store commands: init, info, verify, backup, restore, recover, passphrase, recovery-code, rekey,
self-test."""

from __future__ import annotations

import argparse
from pathlib import Path

from linkdesk import __version__
from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.unlock import ask_secret, passphrase, recovery_code, unlocked
from linkdesk.errors import StoreDamaged
from linkdesk.services import self_test

#: What a re-wrap (new passphrase or code) does not change: the database key itself.
OLD_COPIES = (
    "The store's key itself is unchanged, so backups and copies of the key file made before now still "
    "open with the old {secret} (all the data, as it is now, while the key is unchanged). To make them "
    "useless for data written from now on, run 'linkdesk rekey'."
)
REKEY_LEFT_OVER = (
    "Backups made before now (including the automatic ones in the backups folder) and old copies of the "
    "key file still open the data as it was when they were made, with the passphrase and recovery code "
    "of that time: delete the ones you no longer need."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new encrypted store and show its recovery code once")
    p.add_argument("--name", default="Link Work Service", help="service or team name (default letterhead)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("info", help="facts about this installation and store")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("verify", help="check page HMACs, structure, schema and the audit chain")
    p.add_argument(
        "--deep",
        action="store_true",
        help="also check that every record equals a replay of the operation log",
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("backup", help="write an encrypted backup file")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace this folder's store with a backup (the old one is kept)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--with-recovery-code",
        action="store_true",
        help="open the backup with its recovery code (LINKDESK_RECOVERY_CODE) instead of the passphrase",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("recover", help="unlock with the recovery code and set a new passphrase")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser(
        "passphrase", help="change the passphrase (new one from LINKDESK_NEW_PASSPHRASE or a prompt)"
    )
    p.set_defaults(func=cmd_passphrase)

    p = sub.add_parser("recovery-code", help="make a new recovery code; the old one stops working")
    p.set_defaults(func=cmd_rotate_recovery)

    p = sub.add_parser(
        "rekey",
        help="re-encrypt the store under a new key and make a new recovery code",
    )
    p.set_defaults(func=cmd_rekey)

    p = sub.add_parser("self-test", help="check the installation: store, keychain, fonts, letters")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_self_test)


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    store, code = ctx.services.vault.create(args.name, passphrase(confirm=True))
    try:
        keychain = store.info()["keychain"]
    finally:
        store.close()
    emit(code)
    say(f"Created an encrypted LinkDesk store in {ctx.services.home}.")
    say(
        "The line above is your RECOVERY CODE. It is shown only this once: print it or write it down and "
        "keep it somewhere safe, away from this laptop. It unlocks the store if the passphrase is forgotten "
        "or the keychain changes."
    )
    if keychain == "off":
        say("No trusted OS keychain is in use: the passphrase alone unlocks this store.")
    return 0


def cmd_info(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        info = {"version": __version__, **store.info()}
    info["managed"] = "; ".join(ctx.services.managed.summary())
    if args.json:
        emit_json(info)
    else:
        for key in sorted(info):
            emit(f"{key}: {info[key]}")
    return 0


def cmd_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services, check_first=True) as store:
        problems = store.verify(deep=args.deep)
        warning = store.kdf_warning()
    if warning:
        say(f"linkdesk: warning: {warning}")
    if problems:
        raise StoreDamaged(f"Verification found {len(problems)} problem(s): " + "; ".join(problems[:5]))
    emit("ok")
    extra = " Every record equals a replay of the operation log." if args.deep else ""
    say("Every page, the structure, the schema and the audit chain check out." + extra)
    return 0


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    out = args.out.expanduser().resolve()
    with unlocked(ctx.services) as store:
        size = store.backup(out)
    emit(str(out))
    say(
        f"Encrypted backup written and read back ({size:,} bytes). It opens with the same passphrase or the "
        "recovery code."
    )
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    source = args.file.expanduser().resolve()
    if args.with_recovery_code:
        result = ctx.services.vault.restore(source, recovery_code=recovery_code())
    else:
        result = ctx.services.vault.restore(source, passphrase=passphrase())
    emit(str(ctx.services.home))
    say(f"Restored. The store it replaced (if any) is kept in {result['replaced_kept_in']}.")
    again = int(result["purged_again"])
    if again:
        say(f"{again} case(s) purged since this backup was made were purged again.")
    if "purges_unread" in result:
        say(
            "The store it replaced could not be opened with the same passphrase or code, so cases "
            "purged since this backup may be back: run 'linkdesk purge --due' now."
        )
    return 0


def cmd_recover(args: argparse.Namespace, ctx: CliContext) -> int:
    code = recovery_code()
    store = ctx.services.vault.recover(code, passphrase(confirm=True))
    store.close()
    say(
        "Unlocked with the recovery code; the passphrase is now the new one. The recovery code still works. "
        "If the code may have been seen by anyone else, run 'linkdesk rekey': the store gets a new key and "
        "a new recovery code, and copies of the key file made before then stop opening new data."
    )
    return 0


def cmd_passphrase(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        store.change_passphrase(ask_secret("LINKDESK_NEW_PASSPHRASE", "New passphrase", confirm=True))
    say(f"Passphrase changed. {OLD_COPIES.format(secret='passphrase')}")
    return 0


def cmd_rotate_recovery(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        code = store.rotate_recovery_code()
    emit(code)
    say(
        "The line above is the NEW recovery code, shown only once. The old code no longer unlocks this "
        f"store's key file. {OLD_COPIES.format(secret='code')}"
    )
    return 0


def cmd_rekey(args: argparse.Namespace, ctx: CliContext) -> int:
    secret = passphrase()  # asked once: it unlocks and wraps the new key
    with ctx.services.vault.unlock(secret) as store:
        code = store.rekey(secret)
    emit(code)
    say(
        "The store is now encrypted under a new key. The line above is its NEW recovery code, shown only "
        "once; the passphrase is unchanged. The old recovery code and old copies of the key file no "
        f"longer open anything made from now on. {REKEY_LEFT_OVER}"
    )
    return 0


def cmd_self_test(args: argparse.Namespace, ctx: CliContext) -> int:
    checks = self_test.run(ctx.services)
    if args.json:
        emit_json([{"check": c.name, "ok": c.ok, "detail": c.detail} for c in checks])
    else:
        for check in checks:
            emit(f"{'PASS' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
    failed = [c.name for c in checks if not c.ok]
    if failed:
        say(f"linkdesk: self-test failed: {', '.join(failed)}")
        return 1
    return 0
