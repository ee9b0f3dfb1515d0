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

# --- devices and tunnels ---------------------------------------------------
#
# A namespace holds devices of one kind: ztnet, or in-kernel WireGuard as
# the oracle.  cfg talks to them with ztnet(8) or wg(8) accordingly.
declare -A kind_of=()
# A device's public key, by namespace, once tunnel_dev has made it.
declare -A pubkey=()
ZTPKT=$ZTNET_REPO/selftests/tools/ztpkt.py

# setup_kind KIND: devices of KIND (ztnet or wireguard) can be made.
setup_kind() {
	case $1 in
	ztnet) load_ztnet ;;
	wireguard) need_wireguard ;;
	*) fail "unknown device kind '$1': ztnet or wireguard" ;;
	esac
}

# mkdev NS NAME KIND: a fresh device of that kind.
mkdev() {
	kind_of[$1]=$3
	ip -n "$1" link del "$2" 2>/dev/null || true
	ip -n "$1" link add "$2" type "$3"
}

# cfg NS ARGS...: the configuration tool of the device kind in NS.
cfg() {
	local ns=$1 tool=ztnet
	shift
	[[ ${kind_of[$ns]:-ztnet} == wireguard ]] && tool=wg
	in_ns "$ns" "$tool" "$@"
}

# addr_add NS DEV ADDRESS/LEN, IPv6 with no duplicate address detection
# to wait for.
addr_add() {
	if [[ $3 == *:* ]]; then
		ip -n "$1" addr add "$3" dev "$2" nodad
	else
		ip -n "$1" addr add "$3" dev "$2"
	fi
}

# veth_pair NS1 DEV1 ADDRESS1/LEN NS2 DEV2 ADDRESS2/LEN: a link between
# two namespaces, both ends up; an address of "-" is none.
veth_pair() {
	ip -n "$1" link add "$2" type veth peer name "$5" netns "$4"
	[[ $3 == - ]] || addr_add "$1" "$2" "$3"
	[[ $6 == - ]] || addr_add "$4" "$5" "$6"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

# tunnel_dev NS KIND ADDRESS/LEN PORT [NAME]: device NAME (zt0) of KIND in
# NS with a fresh private key, listening on PORT, with ADDRESS, up; its
# public key goes to pubkey[NS].
tunnel_dev() {
	local ns=$1 name=${5:-zt0} key=$ZTNET_TMP/$1.key
	mkdev "$ns" "$name" "$2"
	(umask 077 && cfg "$ns" genkey >"$key")
	cfg "$ns" set "$name" private-key "$key" listen-port "$4"
	pubkey[$ns]=$(cfg "$ns" show "$name" public-key)
	addr_add "$ns" "$name" "$3"
	ip -n "$ns" link set "$name" up
}

# peer_field NS FIELD [DEV]: "show DEV FIELD" for the device's only peer.
peer_field() {
	cfg "$1" show "${3:-zt0}" "$2" | cut -f2-
}

# debug_knob NAME VALUE: sets a parameter of the ZTNET_DEBUG=1 build.
debug_knob() {
	echo "$2" >"/sys/module/ztnet/parameters/$1"
}

# debug_counter NAME: reads a counter of the ZTNET_DEBUG=1 build.
debug_counter() {
	cat "/sys/module/ztnet/parameters/$1"
}

# wait_for_delay [SECONDS]: waits until something sleeps at a delay point
# of the ZTNET_DEBUG=1 build (default: up to 30 s).
wait_for_delay() {
	local tries=$((${1:-30} * 10))
	while (($(debug_counter delays_waiting) == 0)); do
		((--tries > 0)) || fail "nothing reached a delay point"
		sleep 0.1
	done
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
# younger than five seconds, hence the wait.  A scan takes some 15 s on the
# debug kernel, so there is one here; a stale copy of a pointer on some
# stack can hide a leak from it, but not from the two that the VM runner
# makes at the end of the run (selftests/vm/guest-run).
check_leaks() {
	local report started=$SECONDS

	ztnet_debug_kernel || return 0
	sleep 6
	echo scan >"$ZTNET_KMEMLEAK"
	echo "ztnet-test: kmemleak scan took $((SECONDS - started - 6))s" >/dev/kmsg
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
