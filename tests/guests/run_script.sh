#!/usr/bin/env bash
# Boots a guest image headless under a script and checks the screen dumps it wrote.
# usage: run_script.sh MORPH86 IMAGE SCRIPT OUTDIR [morph86 options...]
# The script's `screendump NAME` files land in OUTDIR (the script runs there). Each line
# "# expect NAME: TEXT" in the script requires TEXT in the dump NAME; "# expect-png NAME"
# requires a PNG that tests/guests/png_check accepts. Exits 77 (skipped) when the image is
# absent (../shared not present).
set -u
exe=$1 image=$2 script=$3 outdir=$4
shift 4
if [ ! -f "$image" ]; then
  echo "SKIP: guest image $image is not present (../shared/guests is absent)"
  exit 77
fi
rm -rf "$outdir"
mkdir -p "$outdir"
cd "$outdir" || exit 1
start=$(date +%s%N)
"$exe" --fda "$image" --snapshot --display none --serial none --script "$script" \
  --timeout 300 "$@" > stdout.txt 2> stderr.txt
status=$?
end=$(date +%s%N)
echo "morph86 exited with status $status after $(( (end - start) / 1000000 )) ms"
if [ -s stderr.txt ]; then echo "--- stderr"; cat stderr.txt; fi
fail=0
if [ $status -ne 0 ]; then fail=1; fi
while IFS= read -r line; do
  case "$line" in
    "# expect "*)
      rest=${line#"# expect "}
      name=${rest%%: *}
      text=${rest#*: }
      if [ ! -f "$name" ]; then
        echo "FAIL: no screen dump $name"; fail=1
      elif ! grep -qF -- "$text" "$name"; then
        echo "FAIL: '$text' not in $name:"; cat "$name"; fail=1
      else
        echo "ok: $name shows '$text'"
      fi ;;
    "# expect-png "*)
      name=${line#"# expect-png "}
      if ! "${PNG_CHECK:?PNG_CHECK names the PNG checker}" "$name"; then
        echo "FAIL: $name"; fail=1
      fi ;;
  esac
done < "$script"
for f in *.txt; do
  case "$f" in stdout.txt|stderr.txt) continue ;; esac
  echo "--- $f"; cat "$f"
done
exit $fail
