# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the test scripts in selftests/tests/, which run as root inside
# the test VM (see selftests/vm/guest-run for their environment):
#
#   . "$ZTNET_REPO/selftests/lib.sh"
#
# A test passes by exiting 0, fails with any other status, and is skipped with
# status 77 (the last line it printed is the reason).

set -eEuo pipefail

# set -e alone exits silently; say which command ended the test.
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND (status $?)" >&2' ERR

ZTNET_SKIP=77
ztnet_namespaces=()

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "$*"
	exit "$ZTNET_SKIP"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[[ $1 == "$2" ]] || fail "${3:-value}: expected '$2', got '$1'"
}

# expect_fail CMD...: the command must exit non-zero.
expect_fail() {
	if "$@"; then
		fail "expected to fail: $*"
	fi
}

need_cmd() {
	command -v "$1" >/dev/null || skip "no $1 in PATH"
}

# ns_add NAME: a network namespace deleted when the test exits.
ns_add() {
	ip netns add "$1"
	ztnet_namespaces+=("$1")
	ip -n "$1" link set lo up
}

# sockaddr ADDRESS PORT: an endpoint as wg(8) and ztnet write it, IPv6
# addresses in brackets.
sockaddr() {
	if [[ $1 == *:* ]]; then echo "[$1]:$2"; else echo "$1:$2"; fi
}

# in_ns NAME CMD...: run CMD inside namespace NAME.
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# In-kernel WireGuard, the oracle: a module on Debian's kernels, built in
# on the debug kernel, where modprobe has nothing to load.
need_wireguard() {
	modprobe wireguard 2>/dev/null || true
	ip link add ztnet-wgprobe type wireguard 2>/dev/null ||
		skip "this kernel has no WireGuard"
	ip link del ztnet-wgprobe
	need_cmd wg
}

# nft_counter NS TABLE [CHAIN [COMMENT]]: "PACKETS BYTES" of the counter
# in TABLE's CHAIN (default input) on the rule with that comment (default:
# the only counter).  Anonymous counters, as the debug kernel has no
# nft_objref for named ones.
nft_counter() {
	ip netns exec "$1" nft list chain inet "$2" "${3:-input}" |
		awk -v c="${4:+comment \"$4\"}" 'index($0, "counter packets") && index($0, c) {
			for (i = 1; i < NF; i++) {
				if ($i == "packets") p += $(i + 1)
				if ($i == "bytes") b += $(i + 1)
			}
		} END { print p + 0, b + 0 }'
}

ztnet_loaded() {
	grep -q '^ztnet ' /proc/modules
}

# insmod does not load what the module needs, such as libcurve25519.
load_ztnet_deps() {
	local deps

	deps=$(modinfo -F depends "$ZTNET_KO" | tr , ' ')
	[[ -z $deps ]] || modprobe -a $deps
}

load_ztnet() {
	[[ -f ${ZTNET_KO:-} ]] || skip "ztnet.ko was not built"
	ztnet_loaded && return
	load_ztnet_deps
	insmod "$ZTNET_KO"
}

# load_ztnet_debug_build DIVISOR: the ZTNET_DEBUG=1 build in place of the
# release one, its protocol clock DIVISOR times faster.  Tests that load it
# unload it from their EXIT trap (unload_ztnet), so that the tests after
# them get the release build back even when they fail.
load_ztnet_debug_build() {
	[[ -f ${ZTNET_DEBUG_KO:-} ]] || skip "the ZTNET_DEBUG=1 ztnet.ko was not built"
	ztnet_loaded && rmmod ztnet
	load_ztnet_deps
	insmod "$ZTNET_DEBUG_KO" time_divisor="$1"
}

# The debug kernel (selftests/vm/debug-kernel) has kmemleak; its tests run
# about thirty times slower, so loops there are kept short.
ZTNET_KMEMLEAK=/sys/kernel/debug/kmemleak
ztnet_debug_kernel() {
	[[ -w $ZTNET_KMEMLEAK ]]
}

# A leak is only attributed to ztnet while the module is loaded: after rmmod
# kmemleak can no longer name its functions.  kmemleak also ignores objects
# younger than five seconds, hence the wait, and a stale copy of a pointer
# on some stack can hide a leak from one scan, hence the second.
check_leaks() {
	local report

	ztnet_debug_kernel || return 0
	sleep 6
	echo scan >"$ZTNET_KMEMLEAK"
	echo scan >"$ZTNET_KMEMLEAK"
	report=$(cat "$ZTNET_KMEMLEAK")
	if grep -q '\[ztnet\]' <<<"$report"; then
		echo "kmemleak: leak in ztnet" >/dev/kmsg
		echo "$report"
		fail "kmemleak found a leak in ztnet"
	fi
}

unload_ztnet() {
	if ztnet_loaded; then
		check_leaks
		rmmod ztnet
	fi
}

ztnet_cleanup() {
	local i
	for ((i = ${#ztnet_namespaces[@]} - 1; i >= 0; i--)); do
		ip netns delete "${ztnet_namespaces[i]}" 2>/dev/null || true
	done
}

trap ztnet_cleanup EXIT
