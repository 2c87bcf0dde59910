#!/usr/bin/env bash
# Tools the tests use beside Python: the accessibility tests (tests/ui/test_atspi.py) drive the
# reader the way a screen reader does (a real X server, Xvfb; a private D-Bus session; the AT-SPI
# bus and pyatspi in the system Python); the kiosk tests use a window manager (openbox) and real
# X input (xdotool); the export test reads PDFs with pdftoppm; the installer tests check the
# desktop file and the package (desktop-file-validate, lintian); the read-aloud tests speak with
# eSpeak NG (espeak-ng), the voice behind "Listen". Install whichever is missing when
# we can (root + apt); otherwise say what to install and carry on: those tests skip, with the
# reason, when a tool is absent. Never fails.
set -u
# "what must be there:the Debian package that brings it"
needed=(
  "cmd:Xvfb:xvfb"
  "cmd:dbus-run-session:dbus"
  "cmd:dbus-launch:dbus-x11"
  "file:/usr/libexec/at-spi-bus-launcher:at-spi2-core"
  "file:/usr/libexec/at-spi2-registryd:at-spi2-core"
  "file:/usr/lib/x86_64-linux-gnu/girepository-1.0/Atspi-2.0.typelib:gir1.2-atspi-2.0"
  "py:gi:python3-gi"
  "py:pyatspi:python3-pyatspi"
  "cmd:openbox:openbox"
  "cmd:xdotool:xdotool"
  "cmd:xwininfo:x11-utils"
  "cmd:pdftoppm:poppler-utils"
  "cmd:desktop-file-validate:desktop-file-utils"
  "cmd:lintian:lintian"
  "cmd:espeak-ng:espeak-ng"
)
have() {
  local kind=$1 what=$2
  case $kind in
    cmd) command -v "$what" >/dev/null 2>&1 ;;
    file) [ -e "$what" ] || ls /usr/lib/*/girepository-1.0/"$(basename "$what")" >/dev/null 2>&1 ;;
    py) [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import $what" >/dev/null 2>&1 ;;
  esac
}
missing=()
for entry in "${needed[@]}"; do
  IFS=: read -r kind what pkg <<<"$entry"
  have "$kind" "$what" && continue
  case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; }
  echo "Installing tools for the tests: ${missing[*]}"
  if ! install "${missing[@]}"; then
    apt-get update -qq >/dev/null 2>&1
    install "${missing[@]}" || {
      failed=()  # one by one, so one package that is not there does not stop the others
      for pkg in "${missing[@]}"; do install "$pkg" || failed+=("$pkg"); done
      [ ${#failed[@]} -eq 0 ] || echo "warning: could not install ${failed[*]}; the tests that need them will skip" >&2
    }
  fi
else
  echo "note: some tests need these system packages: ${missing[*]} (sudo apt-get install ${missing[*]}); they skip without them" >&2
fi
exit 0
