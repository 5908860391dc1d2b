#!/bin/sh
# Every C++ file of the project is as the repository's .clang-format writes it; prints the command
# that fixes a difference. Usage: check_format.sh SOURCE_DIR
set -eu
src=$1
command -v clang-format >/dev/null || { echo "clang-format is missing (packaging/setup.sh installs it)"; exit 1; }
cd "$src"
files=$(find kiosk central protocol tests bench -name '*.cpp' -o -name '*.hpp' | sort)
[ -n "$files" ] || { echo "no C++ files found under $src"; exit 1; }
if ! clang-format --dry-run --Werror $files 2>"${TMPDIR:-/tmp}/format.$$"; then
  grep -E '^[^ ].*: (error|warning):' "${TMPDIR:-/tmp}/format.$$" | cut -d: -f1 | sort | uniq -c | sed 's/^/not formatted: /'
  rm -f "${TMPDIR:-/tmp}/format.$$"
  echo "fix with: clang-format -i \$(find kiosk central protocol tests bench -name '*.cpp' -o -name '*.hpp')"
  exit 1
fi
rm -f "${TMPDIR:-/tmp}/format.$$"
echo "$(echo "$files" | wc -l) files formatted as .clang-format says"
