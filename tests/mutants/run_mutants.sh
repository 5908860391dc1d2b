#!/usr/bin/env bash
# The slow tier of hand-picked mutants (docs/testing.md): each mutant removes one promise from a copy of
# the tree, and the tests named for it must then fail. A mutant that survives is a missing test.
#
#   tests/mutants/run_mutants.sh [--list FILE] [--only REGEX] [--rev REV] [--keep] [--check]
#
# --list   the mutants (default: tests/mutants/mutants.txt beside this script; its header says the format)
# --only   run only the mutants whose name matches REGEX (grep -E)
# --rev    copy the tree of this commit (git archive) instead of the working tree as it stands
# --keep   leave the copy, its build and the logs in the temporary folder
# --check  only check that every mutant applies to the tree (seconds: no build, no test)
#
# The copy is built once (through ccache when it is installed), then for each mutant: the one file is
# changed, the test binaries rebuilt incrementally, ctest runs the mutant's tests, the file is put back.
# Before any mutant, the same tests run on the unchanged copy and must pass. Exit 0 when every mutant is
# KILLED; 1 when one SURVIVED; 2 when a mutant cannot be applied (its file or text is not found exactly
# once, its tests match nothing, it does not compile) or the unchanged copy fails: a list that drifted
# from the code fails loudly instead of passing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(git -C "$here" rev-parse --show-toplevel)
list=$here/mutants.txt
only=""
rev=""
keep=0
check_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --list) list=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
        --only) only=$2; shift 2 ;;
        --rev) rev=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        --check) check_only=1; shift ;;
        *) echo "usage: $0 [--list FILE] [--only REGEX] [--rev REV] [--keep] [--check]" >&2; exit 64 ;;
    esac
done
[ -r "$list" ] || { echo "mutants: Unable to read the list $list" >&2; exit 2; }

# The test binaries the mutants' tests live in; ninja rebuilds only what a mutant's file reaches.
targets=(core_tests ledger_tests central_tests)
per_mutant_timeout=300
jobs=${MUTANT_JOBS:-2}  # the build's and ctest's parallel jobs (MUTANT_JOBS)

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-mutants.XXXXXX")
cleanup() { if [ "$keep" = 1 ]; then echo "mutants: the copy and logs are kept in $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
src=$work/src
mkdir -p "$src" "$work/logs"

# ---- the copy, and the names of its files (a mutant names its file by basename or a path's tail) ------
if [ -n "$rev" ]; then
    git -C "$top" archive "$rev" | tar -x -C "$src"
    git -C "$top" ls-tree -r --name-only "$rev" > "$work/files"
    echo "mutants: a copy of $(git -C "$top" rev-parse --short "$rev") in $src"
else
    git -C "$top" ls-files --cached --others --exclude-standard > "$work/files.all"
    # Files deleted in the working tree are not copied, nor looked up.
    while IFS= read -r f; do [ -f "$top/$f" ] && printf '%s\n' "$f"; done < "$work/files.all" > "$work/files"
    (cd "$top" && tar -cf - -T "$work/files") | tar -x -C "$src"
    echo "mutants: a copy of the working tree of $top in $src"
fi

# ---- the list: records of "key value" lines, one record per mutant, separated by blank lines ----------
names=() files=() finds=() replaces=() tests=() whys=()
add_record() {
    [ -n "${r_name:-}" ] || return 0
    if [ -z "${r_file:-}" ] || [ -z "${r_find:-}" ] || [ -z "${r_tests:-}" ]; then
        echo "mutants: $list: mutant '$r_name' needs file, find, replace and tests" >&2
        exit 2
    fi
    if [ -z "$only" ] || printf '%s\n' "$r_name" | grep -Eq -- "$only"; then
        names+=("$r_name") files+=("$r_file") finds+=("$r_find") replaces+=("${r_replace:-}")
        tests+=("$r_tests") whys+=("${r_why:-}")
    fi
    r_name="" r_file="" r_find="" r_replace="" r_tests="" r_why=""
}
r_name=""
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '#'*) continue ;; esac
    if [ -z "${line// /}" ]; then add_record; continue; fi
    key=${line%%[[:space:]]*}
    value=${line#"$key"}
    value=${value#"${value%%[![:space:]]*}"}  # the spaces after the key
    case "$key" in
        mutant) add_record; r_name=$value ;;
        file) r_file=$value ;;
        find) r_find=$value ;;
        replace) r_replace=$value ;;
        tests) r_tests=$value ;;
        why) r_why=$value ;;
        *) echo "mutants: $list: unknown key '$key' in: $line" >&2; exit 2 ;;
    esac
done < "$list"
add_record
[ ${#names[@]} -gt 0 ] || { echo "mutants: no mutant in $list${only:+ matches '$only'}" >&2; exit 2; }

# Replaces the text (\n: a line break) found exactly once in the file; "count" prints how often it is there.
edit() {  # edit count|apply PATH FIND REPLACE
    perl -e '
        my ($mode, $path, $find, $replace) = @ARGV;
        s/\\n/\n/g for $find, $replace;
        open(my $in, "<", $path) or die "Unable to read $path: $!\n";
        my $text = do { local $/; <$in> };
        close $in;
        my ($count, $at) = (0, -1);
        for (my $p = index($text, $find); $p >= 0; $p = index($text, $find, $p + 1)) { $count++; $at = $p if $at < 0 }
        if ($mode eq "count") { print "$count\n"; exit 0 }
        die "the text is found $count times in $path, not once: $find\n" if $count != 1;
        substr($text, $at, length $find) = $replace;
        open(my $out, ">", $path) or die "Unable to write $path: $!\n";
        print $out $text;
        close $out or die "Unable to write $path: $!\n";
    ' "$@"
}

# The one file a mutant changes: of the files whose basename or path's tail is `file` (receipt.cpp is
# the kiosk's and the store's), the one that holds the text, which must be there exactly once.
resolve() {  # resolve FILE FIND
    local name=$1 find=$2 candidates holding="" path n
    candidates=$(grep -E -- "(^|/)$(printf '%s' "$name" | sed 's/[].[\*^$()+?{|]/\\&/g')\$" "$work/files" || true)
    for path in $candidates; do
        n=$(edit count "$src/$path" "$find")
        if [ "$n" -gt 1 ]; then
            echo "mutants: the text is found $n times in $path, not once: $find" >&2
            return 1
        fi
        [ "$n" -eq 1 ] && holding="$holding $path"
    done
    set -- $holding
    if [ $# -ne 1 ]; then
        echo "mutants: the text is in $# of the files named '$name' (${candidates//$'\n'/ }), not one: $find" >&2
        return 1
    fi
    printf '%s\n' "$1"
}

# ---- every mutant checked against the copy before anything is built -----------------------------------
paths=()
bad=0
for i in "${!names[@]}"; do
    if path=$(resolve "${files[$i]}" "${finds[$i]}"); then
        paths+=("$path")
    else
        echo "mutants: ${names[$i]}: cannot be applied" >&2
        paths+=("")
        bad=1
    fi
done
[ "$bad" = 0 ] || { echo "mutants: the list has drifted from the code; fix $list" >&2; exit 2; }
if [ "$check_only" = 1 ]; then
    echo "mutants: all ${#names[@]} mutants apply, each to one file:"
    for i in "${!names[@]}"; do printf '  %-36s %s\n' "${names[$i]}" "${paths[$i]}"; done
    exit 0
fi

# ---- one build; ccache makes it fast when this tree, or one like it, was built before ------------------
launcher=()
if command -v ccache > /dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    # Hits across copies in other folders, and from a checkout built with the same two settings.
    export CCACHE_BASEDIR=$src CCACHE_NOHASHDIR=1
fi
# The flags CI builds with, -Werror included: a mutant is written to build cleanly, as any change is.
cmake -S "$src" -B "$src/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR=ON \
    "${launcher[@]}" > "$work/logs/configure.log" 2>&1 ||
    { cat "$work/logs/configure.log" >&2; echo "mutants: Unable to configure the copy" >&2; exit 2; }
echo "mutants: building ${targets[*]} (the first build of a copy takes minutes)"
ninja -C "$src/build" -j "$jobs" "${targets[@]}" > "$work/logs/build.log" 2>&1 ||
    { tail -40 "$work/logs/build.log" >&2; echo "mutants: Unable to build the unchanged copy" >&2; exit 2; }

count_tests() { ctest --test-dir "$src/build" -N -R "$1" | sed -n 's/^Total Tests: //p'; }
# The mutants' tests joined with '|' (alternation needs no parentheses around each), a few mutants to a
# regex: ctest's regular expressions hold at most 9 groups.
unions=() union="" groups=0
for i in "${!names[@]}"; do
    n=$(count_tests "${tests[$i]}")
    if [ "${n:-0}" -eq 0 ]; then
        echo "mutants: ${names[$i]}: its tests '${tests[$i]}' match no test" >&2
        bad=1
    fi
    g=$(printf '%s' "${tests[$i]}" | tr -cd '(' | wc -c)
    if [ -n "$union" ] && [ $((groups + g)) -gt 9 ]; then
        unions+=("$union")
        union="" groups=0
    fi
    union="$union${union:+|}${tests[$i]}" groups=$((groups + g))
done
unions+=("$union")
[ "$bad" = 0 ] || { echo "mutants: the list has drifted from the tests; fix $list" >&2; exit 2; }

run_tests() {  # run_tests REGEX LOG: ctest's status
    ctest --test-dir "$src/build" -R "$1" --no-tests=error --timeout "$per_mutant_timeout" \
        --stop-on-failure -j "$jobs" > "$2" 2>&1
}
echo "mutants: the unchanged copy runs the tests the mutants are checked by"
for k in "${!unions[@]}"; do
    if ! run_tests "${unions[$k]}" "$work/logs/unchanged-$k.log"; then
        grep -E 'Failed|Timeout|Not Run|Exception|RegularExpression' "$work/logs/unchanged-$k.log" >&2 || true
        echo "mutants: the unchanged copy fails its tests: no mutant can be judged (above)" >&2
        exit 2
    fi
    sed -n 's/^.*tests passed, 0 tests failed out of \([0-9]*\)$/  \1 tests passed/p' "$work/logs/unchanged-$k.log"
done

# ---- the mutants, one at a time ------------------------------------------------------------------------
verdicts=()
survived=0
for i in "${!names[@]}"; do
    name=${names[$i]} path=${paths[$i]} log=$work/logs/${names[$i]}.log
    t0=$(date +%s)
    cp -p "$src/$path" "$work/original"
    edit apply "$src/$path" "${finds[$i]}" "${replaces[$i]}"
    if ! ninja -C "$src/build" -j "$jobs" "${targets[@]}" > "$log" 2>&1; then
        verdict="NO-BUILD"
        bad=1
    elif run_tests "${tests[$i]}" "$log"; then
        verdict="SURVIVED"
        survived=1
    else
        verdict="KILLED"
    fi
    cp -p "$work/original" "$src/$path"
    by=$(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (\(Failed\|Timeout\|SEGFAULT\|Subprocess aborted\|Exception\).*/\1/p' "$log" |
        head -1)
    line=$(printf '%-8s %-34s %4ss  %s' "$verdict" "$name" "$(($(date +%s) - t0))" "$path")
    [ -n "$by" ] && line="$line  (red: $by)"
    [ "$verdict" = KILLED ] || line="$line  -- ${whys[$i]}"
    echo "$line"
    verdicts+=("$line")
done

elapsed=$(($(date +%s) - started))
echo
echo "mutants: ${#names[@]} mutants in $((elapsed / 60)) min $((elapsed % 60)) s" \
    "($(printf '%s\n' "${verdicts[@]}" | grep -c '^KILLED') killed)"
if [ "$bad" = 1 ]; then
    echo "mutants: a mutant did not build: fix its text in $list (log: --keep)" >&2
    exit 2
fi
if [ "$survived" = 1 ]; then
    echo "mutants: a mutant survived: the promise it removes has no test that fails without it" >&2
    exit 1
fi
