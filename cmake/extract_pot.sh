#!/bin/sh
# Extracts every user-visible text of the sources into a gettext template. Run from the source root.
# Usage: cmake/extract_pot.sh OUTPUT.pot
set -eu
find kiosk -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort | xargs xgettext --from-code=UTF-8 --language=C++ \
  --no-wrap --no-location --sort-output --add-comments=TRANSLATORS: --package-name=charter-kiosk --omit-header \
  --keyword= --keyword=NC_:1c,2 --keyword=tr:1c,2 --keyword=trn:1c,2,3 --output="$1"
