#!/usr/bin/env bash
# Renders the application icon from headroom.svg into the PNG sizes the window and the
# installers use. Needs rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" headroom.svg -o "headroom-${size}.png"
done
