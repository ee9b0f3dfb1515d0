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

# sleep SECONDS: bash waits on a descriptor that never gets data instead
# of starting a process.  On the debug kernel each exec costs a quarter of
# a second or more, and the tests' polling loops sleep thousands of times.
# read -t goes on through signals, trapped or not, like sleep(1); its
# time up is a status over 128, and anything else (a bad argument) fails.
exec {ztnet_sleep_fd}<> <(:)
sleep() {
	# read -t 0 only polls, and says 1: a sleep of 0 is over at once.
	[[ -n $1 && $1 =~ ^0*(\.0*)?$ ]] && return 0
	read -r -t "$1" -u "$ztnet_sleep_fd" _ || (($? > 128))
}

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

# nlsend_expect NS PATTERN ARGS...: selftests/tools/nlsend's answers to
# ARGS, sent from namespace NS, must match PATTERN.
nlsend_expect() {
	local ns=$1 pattern=$2 reply

	shift 2
	reply=$(in_ns "$ns" "$ZTNET_REPO/selftests/tools/nlsend" "$@")
	[[ $reply =~ $pattern ]] || fail "nlsend ${*:0:12}: got '$reply', expected /$pattern/"
	echo "nlsend ${*:0:12} -> ${reply//$'\n'/ }"
}

# hex_pubkey: a fresh public key, in hex as nlsend takes it.
hex_pubkey() {
	ztnet pubkey <<<"$(ztnet genkey)" | base64 -d | od -An -tx1 | tr -d ' \n'
}

# listening NS tcp|udp PORT: something in NS listens on PORT.
listening() {
	local flag=-Htln
	[[ $2 == udp ]] && flag=-Huln
	[[ -n $(in_ns "$1" ss "$flag" "sport = :$3") ]]
}

# say MESSAGE: progress, with the seconds since the test began.
say() {
	echo "[${SECONDS}s] $*"
}

# wait_for SECONDS WHAT CMD...: polls CMD until it succeeds or time is up.
wait_for() {
	wait_until "$1" "$2" "$(printf '%q ' "${@:3}")"
}

# wait_until SECONDS WHAT CODE: the same, but CODE is shell code run afresh
# each time: wait_for's arguments are expanded once, by its caller, so a
# count read there with $(...) would never be read again.
#
# A wait ends as soon as what it waits for happens: its SECONDS only say
# when to give up.  None gives up before 30 s, because a loaded TCG host
# (make check's release lane runs niced beside the debug VM) can stall a
# guest for seconds, and starting Python there has taken over 20 s.
wait_until() {
	local seconds=$(($1 > 30 ? $1 : 30)) what=$2 deadline
	deadline=$((SECONDS + seconds))

	until eval "$3"; do
		((SECONDS < deadline)) || fail "$what: not within ${seconds}s"
		sleep 0.2
	done
}

# commit_heard NS LOG: a policy commit on NS's zt0 that the `ztnet monitor`
# writing LOG has printed; for wait_for, since an event proves the
# monitor's subscription and commits before it go unheard.
commit_heard() {
	cfg "$1" set zt0 policy enforce
	sleep 0.2
	awk '$3 == "policy-commit" { found = 1 } END { exit !found }' "$2"
}

# ping_once NS ADDRESS: one ping from NS is answered within 2 s.
ping_once() {
	in_ns "$1" ping -c 1 -W 2 "$2" >/dev/null 2>&1
}

# udp_send NS ADDRESS PORT PAYLOAD: one datagram, through bash's /dev/udp.
udp_send() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	in_ns "$1" bash -c 'printf %s "$3" >"/dev/udp/$1/$2"' - "$2" "$3" "$4"
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
# The client of `ztflow.py serve`, in C: Python takes seconds to start on
# the debug kernel, and the microsegment tests connect dozens of times.
ZTCONNECT=$ZTNET_REPO/selftests/tools/ztconnect

# unanswered NS ADDRESS PORT [ARGS]: true when NS's ztconnect to it got no
# answer, false when it did; fails the test on any other outcome (a bad
# argument), which must not pass for a connection refused.
unanswered() {
	local status=0
	in_ns "$1" "$ZTCONNECT" "${@:2}" >/dev/null || status=$?
	((status != 0)) || return 1
	((status == 1)) || fail "ztconnect ${*:2} in $1: exit status $status"
}

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

# keyed_dev NS KIND PORT [NAME]: device NAME (zt0) of KIND in NS with a
# fresh private key, listening on PORT, still down and without peers; its
# public key goes to pubkey[NS].
keyed_dev() {
	local ns=$1 name=${4:-zt0} key=$ZTNET_TMP/$1.key
	mkdev "$ns" "$name" "$2"
	(umask 077 && cfg "$ns" genkey >"$key")
	cfg "$ns" set "$name" private-key "$key" listen-port "$3"
	pubkey[$ns]=$(cfg "$ns" show "$name" public-key)
}

# tunnel_dev NS KIND ADDRESS/LEN PORT [NAME]: keyed_dev with ADDRESS, up.
tunnel_dev() {
	local name=${5:-zt0}
	keyed_dev "$1" "$2" "$4" "$name"
	addr_add "$1" "$name" "$3"
	ip -n "$1" link set "$name" up
}

# peer_field NS FIELD [DEV [KEY]]: "show DEV FIELD" for the peer whose
# public key is KEY (default: the device's only peer), tab-separated.
peer_field() {
	cfg "$1" show "${3:-zt0}" "$2" |
		awk -F '\t' -v k="${4:-}" 'k == "" || $1 == k { sub(/^[^\t]*\t/, ""); print }'
}

# iperf FROM TO DST WHAT ARGS...: one iperf3 run from namespace FROM to DST,
# an address of namespace TO; prints the receiver's summary and fails
# unless TO received something.
iperf() {
	local from=$1 to=$2 dst=$3 what=$4 server deadline=$((SECONDS + 30)) line amount
	shift 4
	in_ns "$to" iperf3 -s -1 -B "$dst" >"$ZTNET_TMP/iperf-server.log" 2>&1 &
	server=$!
	until in_ns "$to" ss -Hltn "sport = :5201" | grep -q .; do
		((SECONDS < deadline)) || fail "$what: iperf3 server on $dst in $to does not listen"
		sleep 0.1
	done
	if ! in_ns "$from" timeout 60 iperf3 -c "$dst" --connect-timeout 10000 "$@" \
		>"$ZTNET_TMP/iperf.log" 2>&1; then
		cat "$ZTNET_TMP/iperf.log" "$ZTNET_TMP/iperf-server.log"
		fail "$what: iperf3 $* from $from to $dst failed"
	fi
	wait "$server" || fail "$what: iperf3 server in $to exited with $?"
	# No summary is a failure of its own, not of the grep under pipefail.
	line=$(grep 'receiver$' "$ZTNET_TMP/iperf.log" | tail -n1) || true
	[[ -n $line ]] || { cat "$ZTNET_TMP/iperf.log"; fail "$what: no receiver summary"; }
	echo "  $what: ${line#*]}"
	amount=$(awk '{ for (i = 1; i < NF; i++) if ($i == "sec") { print $(i + 1); exit } }' <<<"$line")
	if [[ -z $amount ]] || ! awk -v a="$amount" 'BEGIN { exit !(a > 0) }'; then
		cat "$ZTNET_TMP/iperf.log"
		fail "$what: $to received nothing"
	fi
}

# --- byte counters ---------------------------------------------------------
#
# Of "show zt0 transfer" on two devices A and B, each the other's only
# peer.  Under a full-speed iperf3 in the VM a receiver may drop messages in
# its own queues, uncounted: in-kernel WireGuard does, between two WireGuard
# devices too (59 of 31363 messages in one TCP run), so two ends' totals
# need not agree after such a run.  The counters are checked exactly in two
# ways instead, at quiet points (two reads half a second apart agree):
#
#   wire    each side's tx_bytes equals the bytes of its messages that
#           reached the other side's port, as an nftables counter there
#           sees them less the outer IP and UDP headers; the receiver's
#           rx_bytes cannot exceed them (what falls short is shown)
#   mirror  over a phase of pings, what one side's tx_bytes grew by the
#           other side's rx_bytes grew by, to the byte, and at least by
#           the size of the messages the pings make (a message is 32 bytes
#           more than the inner packet padded to 16)
#
# The namespaces of A and B, and the outer IP and UDP headers of each
# message, as counters_start set them; snap, the counters at the last
# quiet point: A's rx and tx, B's rx and tx, bytes at A's port, at B's.
counter_ns=()
counter_overhead=0
snap=()

# count_wire NS PORT: counts what reaches the tunnel's port in NS.
count_wire() {
	in_ns "$1" nft delete table inet zt_wire 2>/dev/null || true
	in_ns "$1" nft -f - <<-EOT
	table inet zt_wire {
		chain input {
			type filter hook input priority 0; policy accept;
			udp dport $2 counter
		}
	}
	EOT
}

# counters_start NS_A PORT_A NS_B PORT_B OVERHEAD: from zero, the counters
# of zt0 in NS_A and NS_B against what reaches their ports, each message
# there OVERHEAD bytes of outer IP and UDP headers.
counters_start() {
	count_wire "$1" "$2"
	count_wire "$3" "$4"
	counter_ns=("$1" "$3")
	counter_overhead=$5
	snap=(0 0 0 0 0 0)
}

# msg_bytes INNER_PACKET_LENGTH: the size of the data message carrying it.
msg_bytes() {
	echo $((32 + ($1 + 15) / 16 * 16))
}

# loss_report: where packets may have gone missing, for a failure to tell
# a lossy path from a wrong counter.
loss_report() {
	local ns
	for ns in "${counter_ns[@]}"; do
		echo "--- $ns"
		ip -n "$ns" -s -s link show
		in_ns "$ns" grep -E '^(Udp|Udp6|Ip):' /proc/net/snmp
	done
	echo "--- softnet_stat (processed dropped squeezed ...)"
	cat /proc/net/softnet_stat
}

# counters_now: the six figures of snap, read now; the wire's are the
# bytes of the tunnel messages that reached each side's port so far.
counters_now() {
	local ns tool
	# One shell per side: on the debug kernel each process costs a
	# quarter of a second or more, and settle_counters reads these often.
	for ns in "${counter_ns[@]}"; do
		tool=ztnet
		[[ ${kind_of[$ns]:-ztnet} == wireguard ]] && tool=wg
		in_ns "$ns" sh -c "echo transfer && $tool show zt0 transfer &&
			echo wire && nft list chain inet zt_wire input"
	done | awk -v o="$counter_overhead" '
		NF == 1 && ($1 == "transfer" || $1 == "wire") { part = $1; next }
		part == "transfer" && NF == 3 { transfer = transfer " " $2 " " $3 }
		part == "wire" && index($0, "counter packets") {
			for (i = 1; i < NF; i++) {
				if ($i == "packets") p = $(i + 1)
				if ($i == "bytes") b = $(i + 1)
			}
			# %.0f: mawk prints 2^31 and over as %.6g.
			wire = wire sprintf(" %.0f", b - p * o)
		}
		END { print substr(transfer wire, 2) }'
}

# settle_counters WHAT: waits for a quiet point, sets snap and checks the
# wire.
settle_counters() {
	local what=$1 prev="" cur deadline=$((SECONDS + 60))
	while :; do
		cur=$(counters_now)
		[[ $cur == "$prev" ]] && break
		((SECONDS < deadline)) || fail "$what: counters still moving after 60 s: $cur"
		prev=$cur
		sleep 0.5
	done
	read -r -a snap <<<"$cur"
	check_wire "$what"
}

# check_wire WHAT: at the quiet point in snap, each side's tx_bytes is
# what reached the other's port, and no rx_bytes exceed it.
check_wire() {
	local what=$1 a_rx=${snap[0]} a_tx=${snap[1]} b_rx=${snap[2]} b_tx=${snap[3]}
	local a_wire=${snap[4]} b_wire=${snap[5]}
	if [[ $a_tx != "$b_wire" || $b_tx != "$a_wire" ]] || ((a_rx > a_wire || b_rx > b_wire)); then
		echo "A: tx $a_tx rx $a_rx, at its port $a_wire; B: tx $b_tx rx $b_rx, at its port $b_wire"
		loss_report
	fi
	expect_eq "$a_tx" "$b_wire" "$what: A's tx_bytes against its messages at B's port"
	expect_eq "$b_tx" "$a_wire" "$what: B's tx_bytes against its messages at A's port"
	((a_rx <= a_wire && b_rx <= b_wire)) ||
		fail "$what: rx_bytes exceed what arrived (A $a_rx > $a_wire or B $b_rx > $b_wire)"
}

# shortfall WHAT: what each receiver counted of what reached it.
shortfall() {
	echo "  $1: B counted $((snap[2])) of the $((snap[5])) bytes A sent it" \
		"(short $((snap[5] - snap[2]))), A $((snap[0])) of B's $((snap[4]))" \
		"(short $((snap[4] - snap[0])))"
}

# check_mirror WHAT MIN OLD_SNAP...: since OLD_SNAP, B's rx_bytes grew as
# much as A's tx_bytes and the reverse, each by at least MIN.
check_mirror() {
	local what=$1 min=$2 old=("${@:3}") a_rx a_tx b_rx b_tx
	a_rx=$((snap[0] - old[0])) a_tx=$((snap[1] - old[1]))
	b_rx=$((snap[2] - old[2])) b_tx=$((snap[3] - old[3]))
	echo "  $what: A sent $a_tx, B received $b_rx; B sent $b_tx, A received $a_rx"
	if [[ $a_tx != "$b_rx" || $b_tx != "$a_rx" ]]; then
		loss_report
	fi
	expect_eq "$b_rx" "$a_tx" "$what: growth of B's rx_bytes against A's tx_bytes"
	expect_eq "$a_rx" "$b_tx" "$what: growth of A's rx_bytes against B's tx_bytes"
	((a_tx >= min && b_tx >= min)) || fail "$what: less than $min bytes each way"
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

# once_per_release: a test whose subject is the same C on every kernel
# (the protocol's timers, the rule compiler at scale, ztnet's own
# lifetimes) runs once per kernel release: on 6.12 and on the debug
# kernel, a 6.1 whose KASAN, lockdep and kmemleak watch it, not a third
# time on Debian's 6.1, so that make check stays within its time.
# ZTNET_ALL_KERNELS=1 runs it everywhere.
once_per_release() {
	[[ ${ZTNET_ALL_KERNELS:-0} == 1 ]] && return 0
	if ! ztnet_debug_kernel && [[ $(uname -r) == 6.1.* ]]; then
		skip "runs on 6.12 and the debug 6.1 (ZTNET_ALL_KERNELS=1 runs it here)"
	fi
}

# full_matrix: whether a test runs every combination of its matrix (outer
# by inner address family, who initiates with and without a preshared
# key), or only a diagonal that still takes each path once.  The
# combinations are the same C, so all of them run on 6.1 alone; the debug
# kernel, some thirty times slower, and 6.12 run the diagonal.
# ZTNET_ALL_KERNELS=1 runs the whole matrix everywhere.
full_matrix() {
	[[ ${ZTNET_ALL_KERNELS:-0} == 1 ]] && return 0
	! ztnet_debug_kernel && [[ $(uname -r) != 6.12.* ]]
}

# userland_only: a test whose subject runs in userland (the tool's keys
# and wg-quick commands, the kernel's YNL client) runs on 6.1 alone: the
# debug kernel's KASAN and lockdep do not watch userland, and the kernel
# code it reaches has its own tests everywhere.  ZTNET_ALL_KERNELS=1 runs
# it everywhere.
userland_only() {
	[[ ${ZTNET_ALL_KERNELS:-0} == 1 ]] && return 0
	if ztnet_debug_kernel || [[ $(uname -r) == 6.12.* ]]; then
		skip "a test of userland: runs on 6.1 (ZTNET_ALL_KERNELS=1 runs it here)"
	fi
}

# check_leaks [SECONDS]: on the debug kernel, fails the test if kmemleak
# finds a leak in ztnet, after SECONDS of wait (none by default): kmemleak
# ignores objects younger than five seconds.  A leak is only attributed to
# ztnet while the module is loaded: after rmmod kmemleak can no longer name
# its functions.  A scan takes some 5 s on the debug kernel, so
# unload_ztnet scans only with ZTNET_LEAK_SCANS=each: the VM runner's two
# scans at the end of the run (selftests/vm/guest-run) find every leak of
# the run, and the kernel log check fails it, only not named after its
# test.  Some fifty scans, one per unload, took four minutes of the debug
# lane.  190-chaos, whose workers allocate to the end, always scans.
# shellcheck disable=SC2120 # 190-chaos passes SECONDS
check_leaks() {
	local report started=$SECONDS age=${1:-0}

	ztnet_debug_kernel || return 0
	sleep "$age"
	echo scan >"$ZTNET_KMEMLEAK"
	echo "ztnet-test: kmemleak scan took $((SECONDS - started - age))s" >/dev/kmsg
	report=$(cat "$ZTNET_KMEMLEAK")
	if grep -q '\[ztnet\]' <<<"$report"; then
		echo "kmemleak: leak in ztnet" >/dev/kmsg
		echo "$report"
		fail "kmemleak found a leak in ztnet"
	fi
}

unload_ztnet() {
	if ztnet_loaded; then
		[[ ${ZTNET_LEAK_SCANS:-} != each ]] || check_leaks
		rmmod ztnet
	fi
}

ztnet_cleanup() {
	local i
	for ((i = ${#ztnet_namespaces[@]} - 1; i >= 0; i--)); do
		ip netns delete "${ztnet_namespaces[i]}" 2>/dev/null || true
	done
}

# ztnet_cleanup_jobs: ztnet_cleanup for a test that leaves jobs in the
# background (jobs -p), which go first.
ztnet_cleanup_jobs() {
	local pids
	mapfile -t pids < <(jobs -p)
	((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
	ztnet_cleanup
}

trap ztnet_cleanup EXIT
