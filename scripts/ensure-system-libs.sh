#!/usr/bin/env bash
# Qt's wheels need a few system libraries that a bare Debian/Ubuntu image may lack. Install the
# missing ones when we can (root + apt); otherwise say what to install and carry on.
set -u
needed=(
  "libEGL.so.1:libegl1" "libGL.so.1:libgl1" "libxkbcommon.so.0:libxkbcommon0"
  "libfontconfig.so.1:libfontconfig1" "libglib-2.0.so.0:libglib2.0-0" "libdbus-1.so.3:libdbus-1-3"
  "libxcb-cursor.so.0:libxcb-cursor0" "libxkbcommon-x11.so.0:libxkbcommon-x11-0"
  "libxcb-icccm.so.4:libxcb-icccm4" "libxcb-keysyms.so.1:libxcb-keysyms1"
  "libxcb-shape.so.0:libxcb-shape0" "libxcb-randr.so.0:libxcb-randr0"
  "libxcb-render-util.so.0:libxcb-render-util0" "libxcb-image.so.0:libxcb-image0"
  "libfreetype.so.6:libfreetype6"
)
missing=()
for entry in "${needed[@]}"; do
  lib=${entry%%:*}; pkg=${entry##*:}
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$pkg")
done
# fonts: Qt draws nothing readable without at least one font
fc-list 2>/dev/null | grep -q . || missing+=("fonts-dejavu-core")
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system libraries for Qt: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || echo "warning: could not install ${missing[*]}; Qt may not start" >&2
else
  echo "note: Qt needs these system packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
fi
exit 0
