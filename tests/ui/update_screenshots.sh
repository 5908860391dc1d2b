#!/bin/sh
# Copies the screenshots the UI tests wrote into docs/screenshots/, where the README shows them.
# Run after `ctest -R "ui:"`; then look at every changed picture before committing it.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
shots=${1:-$here/build/screenshots}
mkdir -p "$here/docs/screenshots/opengl"
cp "$shots"/software/*.png "$here/docs/screenshots/"
cp "$shots"/opengl/*.png "$here/docs/screenshots/opengl/"
cp "$shots"/languages/*.png "$here/docs/screenshots/"
cp "$shots"/screens/*.png "$here/docs/screenshots/"  # last: every screen in nl, en, de, el
echo "copied $(ls "$shots"/software "$shots"/opengl "$shots"/languages "$shots"/screens | grep -c png) screenshots"
