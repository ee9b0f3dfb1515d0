#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make bench` measures, run as root inside the test VM (selftests/demo/run
# boots it).  A benchmark, not a test: it is not part of `make check`.
#
# Two network namespaces, left and right, joined by a veth pair.  Over that
# one link run three paths: the veth itself, the kernel's WireGuard and
# ztnet.  iperf3 measures TCP throughput from left to right over each, with
# one stream and with four (-P 4); the runs are interleaved, so that a slow
# moment of the host spreads over all paths, and the median of each is
# shown with the ratios ztnet/WireGuard and ztnet/veth.  It exits non-zero
# if any measurement failed, after printing the table.
#
# Then the microsegment rules, on ztnet alone: iperf3 with the policy off,
# and in enforce mode with 0, 1,000 and 100,000 rules (BENCH_RULES),
# realistic ones: spread over 1,000 groups, with random prefixes and port
# ranges, in the index buckets the benchmark's flow looks in but never
# matching it, which one more rule accepts.  Each is shown as a ratio to
# the policy off: of the two medians, and paired, the median of each run's
# own ratio to the off run beside it; and as a ratio to WireGuard.  Last,
# the new-flow rate: flowgen opens UDP flows from left to right for
# BENCH_TIME seconds, with 0 and with the most rules, and right counts
# what arrived.
#
# Settings, from build/demo/bench.env when selftests/demo/run wrote one:
#   BENCH_TIME=10     seconds of each iperf3 run (after 1 s left out)
#   BENCH_RUNS=3      runs of each measurement
#   BENCH_ACCEL=      how QEMU ran the VM, for the heading
#   BENCH_OUTPUT=FILE append everything printed to FILE
#   BENCH_RULES="0 1000 100000"  rule counts of the enforce runs
. "$ZTNET_REPO/selftests/lib.sh"

settings=$ZTNET_REPO/build/demo/bench.env
# shellcheck disable=SC1090
if [[ -f $settings ]]; then . "$settings"; fi
BENCH_TIME=${BENCH_TIME:-10}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_ACCEL=${BENCH_ACCEL:-}
BENCH_RULES=${BENCH_RULES:-0 1000 100000}
FLOWGEN=$ZTNET_REPO/selftests/tools/flowgen
if [[ -n ${BENCH_OUTPUT:-} ]]; then exec >>"$BENCH_OUTPUT" 2>&1; fi

paths=(veth wireguard ztnet)
declare -A label=([veth]="veth" [wireguard]="WireGuard" [ztnet]="ztnet")
declare -A target=([veth]=192.0.2.2 [wireguard]=10.1.0.2 [ztnet]=10.2.0.2)
declare -A ready=()
declare -A samples=()
streams_list=(1 4)
failures=0

# --- set-up --------------------------------------------------------------------

build_link() {
	ns_add left
	ns_add right
	ip link add eth0 netns left type veth peer name eth0 netns right
	ip -n left address add 192.0.2.1/24 dev eth0
	ip -n right address add 192.0.2.2/24 dev eth0
	ip -n left link set eth0 up
	ip -n right link set eth0 up
}

# tunnel KIND DEV TOOL PORT PREFIX: the same tunnel between left and right.
# Returns 1 at the first step that fails.
tunnel() {
	local kind=$1 dev=$2 tool=$3 port=$4 prefix=$5 side peer n
	"$tool" genkey >"left-$dev.key" || return 1
	"$tool" genkey >"right-$dev.key" || return 1
	for side in left right; do
		if [[ $side == left ]]; then peer=right n=1; else peer=left n=2; fi
		ip -n "$side" link add "$dev" type "$kind" || return 1
		in_ns "$side" "$tool" set "$dev" private-key "$side-$dev.key" listen-port "$port" \
			peer "$("$tool" pubkey <"$peer-$dev.key")" \
			endpoint "192.0.2.$((3 - n)):$port" allowed-ips "$prefix.$((3 - n))/32" || return 1
		ip -n "$side" address add "$prefix.$n/24" dev "$dev" || return 1
		ip -n "$side" link set "$dev" up || return 1
	done
}

# A path is measured only if a ping crosses it (the handshake is done then).
check_path() {
	local path=$1
	if in_ns left ping -q -c 2 -i 0.2 -w 15 "${target[$path]}" >/dev/null 2>&1; then
		ready[$path]=1
	else
		echo "   ${label[$path]}: no ping reply from ${target[$path]}: not measured"
	fi
}

set_up() {
	umask 077
	build_link
	local made=(veth)
	if modprobe wireguard && tunnel wireguard wg0 wg 51820 10.1.0; then
		made+=(wireguard)
	else
		echo "   WireGuard: the device could not be set up: not measured"
	fi
	if ! [[ -f $ZTNET_KO ]]; then
		echo "   ztnet: ztnet.ko was not built: not measured"
	elif load_ztnet_deps && { ztnet_loaded || insmod "$ZTNET_KO"; } &&
		tunnel ztnet zt0 ztnet 51821 10.2.0; then
		made+=(ztnet)
	else
		echo "   ztnet: the device could not be set up: not measured"
	fi
	in_ns right iperf3 -s >/dev/null 2>&1 &
	iperf_server=$!
	for path in "${made[@]}"; do
		check_path "$path"
	done
}

# --- measuring -----------------------------------------------------------------

# measure PATH STREAMS: prints Mbit/s received, or fails with iperf3's error.
measure() {
	local json i
	for ((i = 0; i < 10; i++)); do
		if json=$(in_ns left iperf3 -c "${target[$1]}" -t "$BENCH_TIME" -O 1 \
			-P "$2" -J 2>/dev/null); then
			jq -r '.end.sum_received.bits_per_second / 1e6 | round' <<<"$json"
			return 0
		fi
		# Only a server that is not listening yet is worth waiting for.
		grep -q 'Connection refused' <<<"$json" || break
		sleep 0.5
	done
	jq -r '.error // "no result"' <<<"$json" 2>/dev/null || echo "no result"
	return 1
}

# median VALUES...: the middle one, or the mean of the two middle ones.
median() {
	local -a sorted
	mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
	local n=${#sorted[@]}
	if ((n % 2)); then
		echo "${sorted[n / 2]}"
	else
		echo $(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
	fi
}

run_all() {
	local run path streams mbits
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		for path in "${paths[@]}"; do
			[[ -n ${ready[$path]:-} ]] || continue
			for streams in "${streams_list[@]}"; do
				if mbits=$(measure "$path" "$streams"); then
					samples[$path,$streams]+="$mbits "
					printf '   run %d/%d  %-10s %d stream%s  %6d Mbit/s\n' "$run" "$BENCH_RUNS" \
						"${label[$path]}" "$streams" "$( ((streams > 1)) && echo s || echo " ")" "$mbits"
				else
					failures=$((failures + 1))
					printf '   run %d/%d  %-10s %d stream%s  failed: %s\n' "$run" "$BENCH_RUNS" \
						"${label[$path]}" "$streams" "$( ((streams > 1)) && echo s || echo " ")" "$mbits"
				fi
			done
		done
	done
}

# --- the table -----------------------------------------------------------------

declare -A result=()

# ratio A B: A/B to two decimals, or "-" when either is unknown.
ratio() {
	if [[ -z $1 || -z $2 || $2 == 0 ]]; then
		echo "-"
	else
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
	fi
}

print_table() {
	local path streams values
	for path in "${paths[@]}"; do
		for streams in "${streams_list[@]}"; do
			values=${samples[$path,$streams]:-}
			# shellcheck disable=SC2086  # one word per sample
			if [[ -n $values ]]; then result[$path,$streams]=$(median $values); fi
		done
	done
	echo
	printf '   %-20s %16s %16s\n' "TCP, left -> right" "1 stream" "4 streams"
	for path in "${paths[@]}"; do
		printf '   %-20s' "${label[$path]}"
		for streams in "${streams_list[@]}"; do
			if [[ -n ${result[$path,$streams]:-} ]]; then
				printf ' %9s Mbit/s' "${result[$path,$streams]}"
			else
				printf ' %16s' "failed"
			fi
		done
		echo
	done
	printf '   %-20s' "ztnet / WireGuard"
	for streams in "${streams_list[@]}"; do
		printf ' %16s' "$(ratio "${result[ztnet,$streams]:-}" "${result[wireguard,$streams]:-}")"
	done
	echo
	printf '   %-20s' "ztnet / veth"
	for streams in "${streams_list[@]}"; do
		printf ' %16s' "$(ratio "${result[ztnet,$streams]:-}" "${result[veth,$streams]:-}")"
	done
	echo
}

# --- microsegment rules -------------------------------------------------------

# random_rules N SEED DIR: N rules of direction DIR that the benchmark's
# flow (10.2.0.0/24, tcp 5201 and any udp port) never matches, though it
# looks in their buckets: the peers are in groups g0 to g9.
random_rules() {
	awk -v n="$1" -v seed="$2" -v dir="$3" 'BEGIN {
		srand(seed)
		split("tcp udp tcp tcp", protos)
		for (i = 0; i < n; i++) {
			action = rand() < 0.7 ? "accept" : "drop"
			id = "group:g" int(rand() * 1000)
			cidr = sprintf("10.%d.%d.0/24", 100 + int(rand() * 100), int(rand() * 256))
			lo = int(rand() * 60000) + 1
			hi = lo + int(rand() * 2000)
			if (dir == "in")
				spec = "from " id " to " cidr
			else
				spec = "from " cidr " to " id
			printf "Rule = %s %s %s proto %s port %d-%d\n", action, dir, spec,
				protos[int(rand() * 4) + 1], lo, hi
		}
	}'
}

# policy_conf SIDE MODE RULES: SIDE's configuration with that policy.
policy_conf() {
	local side=$1 dir=out remote=to
	[[ $side == right ]] && dir=in remote=from
	# The device's own configuration without the policy it has now.
	in_ns "$side" ztnet showconf zt0 |
		awk '/^\[/ { skip = $0 == "[Policy]" } !skip' |
		sed '/^Groups = /d; /^PublicKey/a Groups = bench, g0, g1, g2, g3, g4, g5, g6, g7, g8, g9'
	printf '\n[Policy]\nMode = %s\nMaxFlows = 1048576\nMaxPeerFlows = 1048576\n' "$2"
	printf 'TimeoutUdp = 2\n'
	printf 'Rule = accept %s %s group:bench proto tcp port 5201 name bench\n' "$dir" "$remote"
	printf 'Rule = accept %s %s group:bench proto udp name flowgen\n' "$dir" "$remote"
	random_rules "$3" 42 "$dir"
}

# set_policy MODE RULES: both sides' ztnet device in MODE with RULES.
set_policy() {
	local side conf
	for side in left right; do
		conf=$side-policy.conf
		policy_conf "$side" "$1" "$2" >"$conf" || return 1
		in_ns "$side" ztnet setconf zt0 "$conf" || return 1
	done
}

# flow_rate: new flows a second that reached right, over BENCH_TIME s.
flow_rate() {
	local before after start end
	before=$(in_ns right cat /sys/class/net/zt0/statistics/rx_packets)
	start=$(date +%s.%N)
	in_ns left "$FLOWGEN" 10.2.0.2 "$BENCH_TIME" >/dev/null || return 1
	sleep 1
	end=$(date +%s.%N)
	after=$(in_ns right cat /sys/class/net/zt0/statistics/rx_packets)
	awk -v n=$((after - before)) -v s="$start" -v e="$end" 'BEGIN { printf "%d", n / (e - s - 1) }'
}

declare -A policy_samples=() policy_run=()
policy_configs=()

run_rules() {
	local run config mbits
	policy_configs=(off)
	for n in $BENCH_RULES; do policy_configs+=("$n"); done
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		for config in "${policy_configs[@]}"; do
			if [[ $config == off ]]; then set_policy off 0; else set_policy enforce "$config"; fi ||
				{ echo "   policy $config: could not be set"; failures=$((failures + 1)); continue; }
			if mbits=$(measure ztnet 1); then
				policy_samples[$config]+="$mbits "
				policy_run[$config,$run]=$mbits
				printf '   run %d/%d  rules %-8s %6d Mbit/s\n' "$run" "$BENCH_RUNS" "$config" "$mbits"
			else
				failures=$((failures + 1))
				printf '   run %d/%d  rules %-8s failed: %s\n' "$run" "$BENCH_RUNS" "$config" "$mbits"
			fi
		done
	done
}

run_flow_rates() {
	local config rate most=${policy_configs[-1]}
	for config in 0 "$most"; do
		set_policy enforce "$config" || { failures=$((failures + 1)); continue; }
		if rate=$(flow_rate); then
			policy_samples[flows,$config]=$rate
			printf '   new flows, %-6s rules  %8d flows/s\n' "$config" "$rate"
		else
			failures=$((failures + 1))
		fi
	done
	set_policy off 0
}

# paired_ratio CONFIG: the median, over the runs that measured both, of
# CONFIG's throughput over that same run's mode off.  Each pair ran a
# minute apart, so it cancels the drift of a loaded host that the ratio
# of the two medians keeps.
paired_ratio() {
	local run ratios=()
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		[[ -n ${policy_run[$1,$run]:-} && -n ${policy_run[off,$run]:-} ]] || continue
		ratios+=("$(awk -v a="${policy_run[$1,$run]}" -v b="${policy_run[off,$run]}" \
			'BEGIN { if (b > 0) printf "%.4f", a / b }')")
	done
	((${#ratios[@]})) || { echo "-"; return; }
	printf '%s\n' "${ratios[@]}" | sort -g |
		awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f", m }'
}

print_rules_table() {
	local config values off most=${policy_configs[-1]}
	# shellcheck disable=SC2086  # one word per sample
	off=$(median ${policy_samples[off]:-0})
	echo
	printf '   %-24s %12s %10s %10s %12s\n' "ztnet, 1 TCP stream" "Mbit/s" "/ off" "paired" "/ WireGuard"
	for config in "${policy_configs[@]}"; do
		values=${policy_samples[$config]:-}
		[[ -n $values ]] || { printf '   %-24s %12s\n' "$config" failed; continue; }
		# shellcheck disable=SC2086  # one word per sample
		values=$(median $values)
		printf '   %-24s %12s %10s %10s %12s\n' \
			"$([[ $config == off ]] && echo "policy off" || echo "enforce, $config rules")" \
			"$values" "$(ratio "$values" "$off")" "$(paired_ratio "$config")" \
			"$(ratio "$values" "${result[wireguard,1]:-}")"
	done
	printf '   %-24s %12s\n' "new flows/s, $most / 0" \
		"$(ratio "${policy_samples[flows,$most]:-}" "${policy_samples[flows,0]:-}")"
}

main() {
	local path
	echo "ztnet benchmark on Linux $(uname -r), in a QEMU VM with $(nproc) CPUs${BENCH_ACCEL:+ ($BENCH_ACCEL)}"
	echo "iperf3 over TCP, ${BENCH_TIME} s a run after 1 s left out; median of $BENCH_RUNS runs"
	echo
	echo "Setting up: two namespaces on a veth pair, with WireGuard and ztnet over it"
	set_up
	echo
	echo "Measuring"
	run_all
	print_table
	if [[ -n ${ready[ztnet]:-} ]]; then
		echo
		echo "Microsegment rules on ztnet"
		run_rules
		run_flow_rates
		print_rules_table
	fi
	kill "$iperf_server" 2>/dev/null || true
	wait "$iperf_server" 2>/dev/null || true
	for path in "${paths[@]}"; do
		[[ -n ${ready[$path]:-} ]] || failures=$((failures + 1))
	done
	echo
	if ((failures)); then
		echo "Some measurements failed; the table shows what could be measured."
		exit 1
	fi
}

main
