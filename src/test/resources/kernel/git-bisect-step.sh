#!/bin/bash
# git-bisect-step.sh CACHE RUNS INITRAMFS CONFIG - one step of `git bisect run`, for the comparison in
# measure.sh: builds the checked-out commit as KernelBuilder does (same config, make flags, environment,
# ccache), then boots it RUNS times one after the other as QemuRunner does (same QEMU flags, same initramfs).
# Exit 1 when any run crashed, 0 when a run finished cleanly and none crashed, 125 (skip) otherwise: the
# lab's test-commit.sh rules, with RUNS boots instead of one.
set -uo pipefail
CACHE=$1 RUNS=$2 INITRAMFS=$3 CONFIG=$4
export CCACHE_DIR=$CACHE/ccache LC_ALL=C LOCALVERSION=-culprit
export KBUILD_BUILD_TIMESTAMP="Mon Jan  1 00:00:00 UTC 2024" KBUILD_BUILD_USER=culprit \
       KBUILD_BUILD_HOST=culprit KBUILD_BUILD_VERSION=1
sha=$(git rev-parse --short=12 HEAD)
logs=$CACHE/work/gitbisect-logs
mkdir -p "$logs"
{ cat "$CONFIG"; printf '\n# CONFIG_LOCALVERSION_AUTO is not set\n# CONFIG_DEBUG_INFO_BTF is not set\n'; } > .config
t0=$(date +%s.%N)
if ! make -j"$(nproc)" "CC=ccache gcc" LOCALVERSION=-culprit olddefconfig bzImage > "$logs/$sha.build.txt" 2>&1; then
  echo "commit $sha: build failed"; exit 125
fi
t1=$(date +%s.%N)
accel=${ACCEL:-tcg}; cpu=()   # ACCEL=kvm where KVM works (here it opens but hangs)
[ "$accel" = kvm ] && cpu=(-cpu host)
crash=0 ok=0 title=
for i in $(seq 1 "$RUNS"); do
  con=$logs/$sha.run$i.txt
  rm -f "$con"
  timeout -k 5 300 qemu-system-x86_64 -accel $accel "${cpu[@]}" -m 512 -smp 1 -nic none -no-reboot \
    -display none -monitor none -serial "file:$con" -kernel arch/x86/boot/bzImage -initrd "$INITRAMFS" \
    -append "console=ttyS0 panic_on_warn=1 oops=panic panic=-1 $([ "$accel" = tcg ] && echo no_timer_check)" > /dev/null 2>&1
  t=$(grep -m1 -oE '(WARNING: CPU: .*|BUG: .*|general protection fault.*|Oops: .*|Kernel panic - not syncing.*)' "$con")
  if [ -n "$t" ]; then crash=$((crash + 1)); title=$t
  elif grep -q "reproducer finished without a crash" "$con"; then ok=$((ok + 1)); fi
done
t2=$(date +%s.%N)
printf 'commit %s: build %.1fs, %d runs %.1fs: %d crashed, %d OK %s\n' "$sha" "$(echo "$t1 - $t0" | bc)" \
  "$RUNS" "$(echo "$t2 - $t1" | bc)" "$crash" "$ok" "$title"
[ $crash -gt 0 ] && exit 1
[ $ok -gt 0 ] && exit 0
exit 125
