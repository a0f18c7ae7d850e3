#!/bin/sh
# Instructions per check on the drive workload, by callgrind:
#   tests/unit/engine/instr.sh [tuples=100000] [questions=4000] [mode=check|list]
# Runs instr.ts with 1 and 3 extra passes and prints (Ir3 - Ir1) / (2 × questions).
T=${1:-100000}; N=${2:-4000}; M=${3:-check}
cd "$(dirname "$0")/../../.."
export PATH="$PWD/node_modules/.bin:$PATH"
out=$(mktemp -d)
for p in 1 3; do
  valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file="$out/cg.$p" \
    node --single-threaded --import tsx tests/unit/engine/instr.ts "$T" "$p" "$N" "$M" >"$out/log.$p" 2>&1
done
sum() { grep '^summary:' "$1" | cut -d' ' -f2-; }
events=$(grep '^events:' "$out/cg.1" | cut -d' ' -f2-)
a=$(sum "$out/cg.1"); b=$(sum "$out/cg.3")
div=$((2 * N)); [ "$M" = list ] && div=2
python3 - "$events" "$a" "$b" "$div" <<'PY'
import sys
ev, a, b, d = sys.argv[1].split(), list(map(int, sys.argv[2].split())), list(map(int, sys.argv[3].split())), int(sys.argv[4])
print(' '.join(f'{e}={(y - x) / d:,.0f}' for e, x, y in zip(ev, a, b)))
PY
rm -rf "$out"
