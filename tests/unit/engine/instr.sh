#!/bin/sh
# Instructions per check (or per list-objects call) on the drive workload, by callgrind,
# collecting only around the measured loop (instr.ts runs it inside Array.prototype.findLast):
#   tests/unit/engine/instr.sh [tuples=100000] [questions=4000] [mode=check|list] [passes=2]
T=${1:-100000}; N=${2:-4000}; M=${3:-check}; P=${4:-2}
cd "$(dirname "$0")/../../.."
export PATH="$PWD/node_modules/.bin:$PATH"
out=$(mktemp -d)
valgrind --tool=callgrind --collect-atstart=no --toggle-collect=Builtins_ArrayPrototypeFindLast --smc-check=all-non-file --callgrind-out-file="$out/cg" \
  node --single-threaded --import tsx tests/unit/engine/instr.ts "$T" "$P" "$N" "$M" >"$out/log" 2>&1
div=$((P * N)); [ "$M" = list ] && div=$P
ir=$(grep '^summary:' "$out/cg" | cut -d' ' -f2)
echo "Ir per $M: $((ir / div)) ($(tail -1 "$out/log"))"
rm -rf "$out"
