"""``mbc-reader kiosk``: staff set up kiosk mode (on/off, idle time, the staff exit PIN).

Everything goes to ``kiosk.ini`` in the config folder; the PIN is stored only as a salted hash.
Until a PIN is set, nobody can leave kiosk mode from the kiosk (staff exit is off).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from ..content import kiosk_config


def register(subparsers) -> None:
    parser = subparsers.add_parser("kiosk", help="kiosk mode settings: status, set-pin, clear-pin, set")
    actions = parser.add_subparsers(dest="kiosk_action", metavar="ACTION")
    actions.add_parser("status", help="show the kiosk settings (never the PIN)")
    pin = actions.add_parser("set-pin", help="set the staff PIN that leaves kiosk mode (asked twice, not shown)")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from the first line of standard input")
    actions.add_parser("clear-pin", help="remove the PIN: staff exit from the kiosk is then off")
    change = actions.add_parser("set", help="change kiosk settings")
    change.add_argument("--enabled", choices=["yes", "no"], help="start the reader in kiosk mode")
    change.add_argument("--idle-seconds", type=int, metavar="N", help="quiet time before \"Still reading?\" (default 180)")
    change.add_argument("--countdown-seconds", type=int, metavar="N", help="length of the countdown (default 20)")
    parser.set_defaults(handler=run)


def _status() -> int:
    config = kiosk_config.load_kiosk_config()
    print(f"settings file:  {kiosk_config.config_path()}")
    print(f"kiosk mode:     {'on' if config.enabled else 'off'} at start-up (or: mbc-reader gui --kiosk)")
    print(f"idle time:      {config.idle_seconds} s, then a {config.countdown_seconds} s countdown")
    if config.pin_set:
        print("staff exit:     Ctrl+Alt+Shift+Q and the PIN")
    else:
        print("staff exit:     OFF - no PIN is set (mbc-reader kiosk set-pin)")
    for problem in config.problems:
        print(f"{problem}", file=sys.stderr)
    return 1 if config.problems else 0


def _read_pin(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("New staff PIN (digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        print("mbc-reader: kiosk: the two PINs differ; nothing changed", file=sys.stderr)
        return None
    return first


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "kiosk_action", None) or "status"
    try:
        if action == "status":
            return _status()
        if action == "set-pin":
            pin = _read_pin(args.pin_stdin)
            if pin is None:
                return 1
            problem = kiosk_config.pin_problem(pin)
            if problem:
                print(f"mbc-reader: kiosk: {problem}; nothing changed", file=sys.stderr)
                return 1
            path = kiosk_config.save_pin(pin)
            print(f"staff PIN set in {path}")
            return 0
        if action == "clear-pin":
            path = kiosk_config.clear_pin()
            print(f"staff PIN removed from {path}: staff exit from the kiosk is now off")
            return 0
        values: dict[str, str | None] = {}
        if args.enabled:
            values["enabled"] = args.enabled
        for key, value, low in (("idle_seconds", args.idle_seconds, 30), ("countdown_seconds", args.countdown_seconds, 5)):
            if value is not None:
                if value < low:
                    print(f"mbc-reader: kiosk: {key.replace('_', '-')} must be at least {low}", file=sys.stderr)
                    return 2
                values[key] = str(value)
        if not values:
            print("mbc-reader: kiosk: nothing to change (see: mbc-reader kiosk set --help)", file=sys.stderr)
            return 2
        path = kiosk_config.update_kiosk_config(values)
        print(f"kiosk settings saved in {path}")
        return 0
    except (OSError, ValueError) as exc:
        print(f"mbc-reader: kiosk: {kiosk_config.config_path()}: {exc}", file=sys.stderr)
        return 1
