#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Allocation failures, injected (the debug kernel: FAILSLAB and
# FAIL_PAGE_ALLOC, through /proc/thread-self/fail-nth, so only the test's
# own thread fails).  selftests/tools/faultsend counts from just before
# the change; the N-th allocation of the change, in the kernel or in
# sending it, fails.
#
#   newlink   "ip link add" of a ztnet device, N from 1 to 40, then
#             every 5th N until one is never reached: each failure leaves
#             no device, unless only the answer was lost after the device
#             was made (ENOBUFS).
#   setconf   a device with 10 peers takes a setconf of 1,000 peers with
#             100 allowed IPs each (some 3 MB, over hundreds of messages
#             staged and committed as one change).  N from 1 to 5, then
#             10 spread to the last allocations the change makes and 3 at
#             random (the count varies by some 1% from run to run, so
#             "last" is 97% of the one the first run counted): a change that failed leaves showconf exactly as it
#             was; one that succeeded despite the failure (a kvmalloc
#             falls back to vmalloc) leaves exactly the new configuration;
#             one whose last answer was lost (ENOBUFS) leaves one of the
#             two.
#
# Trying every N of setconf would take the debug kernel weeks (each try
# takes seconds, and there are some 400,000), so past the first few the N
# are a sample, different in each run: the seed (printed;
# ZTNET_FAULT_SEED=S replays it) picks which 5th N newlink tries and the
# random ones of setconf.
#
# Afterwards kmemleak must find nothing of ztnet, and the kernel log
# nothing at all (the harness scans it).
. "$ZTNET_REPO/selftests/lib.sh"

faultsend=$ZTNET_REPO/selftests/tools/faultsend
[[ -x $faultsend ]] || fail "selftests/tools/faultsend was not built"
[[ -d /sys/kernel/debug/failslab ]] || skip "this kernel has no fault injection"

cleanup() {
	fault_injection_off
	ztnet_cleanup
	unload_ztnet
}
trap cleanup EXIT

# Sleeping allocations fail too; nothing fails but the N-th (fail-nth
# ignores probability, which stays 0), and nothing is logged for it.
fault_injection_on() {
	local f
	for f in failslab fail_page_alloc; do
		echo N >"/sys/kernel/debug/$f/ignore-gfp-wait"
		echo 0 >"/sys/kernel/debug/$f/verbose"
		echo 0 >"/sys/kernel/debug/$f/probability"
	done
}

fault_injection_off() {
	local f
	for f in failslab fail_page_alloc; do
		echo Y >"/sys/kernel/debug/$f/ignore-gfp-wait" 2>/dev/null || true
	done
}

# An answer lost after the change was made (ENOBUFS: the reply could not
# be queued) says nothing of the change; every other failure must have
# left nothing behind.
case_newlink() {
	local out n reached result left injected=0
	out=$(in_ns flt "$faultsend" newlinks zf0 1 40)
	[[ $out == *unreached* ]] ||
		out+=$'\n'$(in_ns flt "$faultsend" newlinks zf0 $((41 + seed % 5)) 5000 5)
	while read -r n reached result left; do
		if [[ $reached == unreached ]]; then
			[[ $result == ok && $left == device ]] ||
				fail "newlink: with nothing failed: $result, $left"
			break
		fi
		injected=$((injected + 1))
		[[ $result != ok || $left == device ]] ||
			fail "newlink: allocation $n failed, the creation said ok, and no device is there"
		[[ $result == ok || $result == ENOBUFS || $left == none ]] ||
			fail "newlink: allocation $n failed ($result) and left a device"
	done <<<"$out"
	((injected > 10)) || fail "newlink: only $injected allocations to fail"
	echo "newlink: $injected allocations failed one at a time, nothing left behind"
}

# big_conf: 1,000 peers with 100 allowed IPs each.
big_conf() {
	python3 - <<-'PY'
		import base64
		print("[Interface]\nListenPort = 51890")
		for i in range(1000):
		    key = bytes([0x40]) + bytes(29) + (i + 1).to_bytes(2, "big")
		    print(f"\n[Peer]\nPublicKey = {base64.b64encode(key).decode()}")
		    print(f"Endpoint = 172.16.180.{i % 250 + 1}:{2000 + i}")
		    for j in range(100):
		        if j % 4 == 3:
		            print(f"AllowedIPs = fd00:180:{i:x}:{j:x}::/64")
		        else:
		            print(f"AllowedIPs = 10.{i // 4}.{(i % 4) * 64 + j % 64}.{j}/32")
	PY
}

small_conf() {
	local i
	printf '[Interface]\nListenPort = 51880\n'
	for i in $(seq 1 10); do
		printf '\n[Peer]\nPublicKey = %s\nAllowedIPs = 192.168.%d.0/24, fd00:181::%x/128\n' \
			"$(ztnet genkey | ztnet pubkey)" "$i" "$i"
	done
}

# settle N OUT: the configuration after an injected setconf must be one of
# the two, whole: the new one if it succeeded, the old one if it failed,
# either if only its last answer was lost (ENOBUFS).  Then back to the old.
settle() {
	local n=$1 out=$2 now
	now=$(in_ns flt ztnet showconf zt0 | sha256sum)
	if [[ $out == *ok ]]; then
		[[ $now == "$after" ]] || fail "setconf: N=$n succeeded ($out) but the configuration is not the new one"
	elif [[ $out == *ENOBUFS* ]]; then
		[[ $now == "$after" || $now == "$before" ]] || fail "setconf: N=$n lost its answer ($out) and the configuration is neither"
	else
		[[ $now == "$before" ]] || fail "setconf: N=$n failed ($out) and the configuration changed"
	fi
	[[ $now == "$before" ]] || in_ns flt ztnet setconf zt0 "$ZTNET_TMP/small.conf"
}

case_setconf() {
	local total out n ns=() failed=0 succeeded=0 i

	small_conf >"$ZTNET_TMP/small.conf"
	big_conf >"$ZTNET_TMP/big.conf"
	ip -n flt link add zt0 type ztnet
	in_ns flt ztnet setconf zt0 "$ZTNET_TMP/small.conf"
	before=$(in_ns flt ztnet showconf zt0 | sha256sum)
	out=$(in_ns flt "$faultsend" setconf zt0 "$ZTNET_TMP/big.conf" 1000000000)
	[[ $out == *ok ]] || fail "setconf: the change itself failed: $out"
	total=$(sed -n 's/^not reached after \([0-9]*\) calls$/\1/p' <<<"$out")
	[[ -n $total ]] || fail "setconf: no count of allocations: $out"
	after=$(in_ns flt ztnet showconf zt0 | sha256sum)
	in_ns flt ztnet setconf zt0 "$ZTNET_TMP/small.conf"
	[[ $(in_ns flt ztnet showconf zt0 | sha256sum) == "$before" ]] || fail "setconf: could not go back"
	mapfile -t ns < <(python3 -c "
import random, sys
last = $total * 97 // 100
rng = random.Random($seed)
ns = set(range(1, 6))
ns |= {int(last ** (k / 10)) for k in range(1, 11)}
ns |= {rng.randrange(1, last + 1) for _ in range(3)}
print('\n'.join(str(n) for n in sorted(ns) if n <= total))")
	for n in "${ns[@]}"; do
		out=$(in_ns flt "$faultsend" setconf zt0 "$ZTNET_TMP/big.conf" "$n")
		[[ $out == injected* ]] || fail "setconf: allocation $n of $total not reached: $out"
		settle "$n" "$out"
		if [[ $out == *ok ]]; then succeeded=$((succeeded + 1)); else failed=$((failed + 1)); fi
	done
	echo "setconf: $total allocations; ${#ns[@]} of them failed one at a time:" \
		"$failed changes refused whole, $succeeded made whole"
}

seed=${ZTNET_FAULT_SEED:-$RANDOM}
echo "faults: seed $seed (ZTNET_FAULT_SEED=$seed replays it)"
load_ztnet
ns_add flt
fault_injection_on
for c in newlink setconf; do
	started=$SECONDS
	"case_$c"
	echo "$c: took $((SECONDS - started)) s"
done
fault_injection_off
