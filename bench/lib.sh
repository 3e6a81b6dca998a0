# Helpers both benchmarks share; sourced by bench/initrd.sh and bench/image.sh.

have() { command -v "$1" >/dev/null 2>&1; }

now() { date +%s.%N; }

# elapsed <t0> <t1>: seconds between two `now` readings, 4 decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", b - a }'; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# size_of <file>: its size in MB with one decimal, or "-" when it is missing.
size_of() { if [[ -f "$1" ]]; then awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; else echo "-"; fi; }

# ratio <a> [<b>]: a / b as "1.23x", or "-" without b.
ratio() { if [[ -n "${2:-}" ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; else echo "-"; fi; }

# tree_summary <dir>: "<entries> entries (find), <MiB> MiB".
tree_summary() {
  local files mib
  files=$(find "$1" | wc -l)
  mib=$(($(du -sb --apparent-size "$1" | cut -f1) / 1048576))
  echo "$files entries (find), $mib MiB"
}
