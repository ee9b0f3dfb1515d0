#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Chaos: everything that creates, changes and tears down ztnet's state, at
# once and in random order, while traffic flows and strangers knock.  It
# passes only if the kernel reports nothing (no KASAN, lockdep, kmemleak,
# UBSAN, WARN or refcount report from its start on), the tunnel still works
# afterwards, and the module unloads.
#
# Four hosts, each on its own link to a router, ch-br: ch1 to ch3 run
# ztnet, ch4 in-kernel WireGuard (ztnet when the kernel has none); each has
# every other as a peer.  For
# RUN seconds (60; 120 on the debug kernel), workers loop:
#
#   traffic x2  pings of random sizes between random hosts, both families,
#               some large enough to fragment
#   peers       set, remove, replace peers with set, setconf, syncconf and
#               addconf; random allowed IPs, endpoints, keepalives
#   identity    new private keys, listen ports and fwmarks
#   links       zt0 down and up; zt0 deleted and made again; a device made
#               in a host and moved into the router's namespace
#   netns       a whole host namespace deleted with its devices, and made
#               again
#   dumps       show, show dump, showconf, of one device and of all
#   hostile     junk datagrams of every message type, and floods of
#               initiations with a valid mac1, at random hosts' ports
#   knobs       the debug build's delays (debug.h), changed at random, so
#               that the windows between queued work and teardown are wide
#   policy      microsegment modes, rules, groups, protected ports, tiny
#               flow caps and timeouts, so that flows are judged, revoked,
#               capped and expired under the traffic; flow and rule dumps;
#               a monitor listening to every host's events
#
# The ZTNET_DEBUG=1 build runs, with its protocol clock 6 times faster, so
# that sessions are renewed and keys wiped within the run.  The seed is
# printed: ZTNET_CHAOS_SEED=N replays each worker's choices (not their
# timing); ZTNET_CHAOS_SECONDS overrides the duration.
. "$ZTNET_REPO/selftests/lib.sh"
# ztnet's own locking and lifetimes: the debug kernel, whose KASAN, lockdep
# and kmemleak watch them, and 6.12.
once_per_release

seed=${ZTNET_CHAOS_SEED:-$(((RANDOM << 15) | RANDOM))}
run_for=${ZTNET_CHAOS_SECONDS:-60}
ztnet_debug_kernel && run_for=${ZTNET_CHAOS_SECONDS:-120}
hosts=(ch1 ch2 ch3 ch4)
declare -A num=([ch1]=1 [ch2]=2 [ch3]=3 [ch4]=4)
keys=$ZTNET_TMP/keys
logs=$ZTNET_TMP/logs
mark="ztnet-chaos: seed $seed begins"
deadline=0

cleanup() {
	local pids
	mapfile -t pids < <(jobs -p)
	((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	ztnet_cleanup
	ztnet_loaded && rmmod ztnet 2>/dev/null || true
}
trap cleanup EXIT

kind() {
	if [[ $1 == ch4 && $have_wg == 1 ]]; then echo wireguard; else echo ztnet; fi
}

port() { echo $((51820 + num[$1])); }
outer4() { echo "172.16.$((190 + num[$1])).2"; }
outer6() { echo "fd00:190:${num[$1]}::2"; }
inner4() { echo "10.190.0.${num[$1]}"; }
inner6() { echo "fd00:190:1::${num[$1]}"; }

# newkey HOST: a fresh key pair, written whole before it is used.
newkey() {
	local tmp=$keys/$1.tmp.$BASHPID
	(umask 077 && ztnet genkey >"$tmp")
	ztnet pubkey <"$tmp" >"$tmp.pub"
	mv "$tmp.pub" "$keys/$1.pub"
	mv "$tmp" "$keys/$1.key"
}

pub() { cat "$keys/$1.pub" 2>/dev/null || true; }

# conf HOST: a configuration of HOST with a random set of the others.
conf() {
	local h=$1 o
	printf '[Interface]\nPrivateKey = %s\nListenPort = %s\n' \
		"$(cat "$keys/$h.key")" "$(port "$h")"
	for o in "${hosts[@]}"; do
		[[ $o != "$h" ]] && ((RANDOM % 4)) || continue
		printf '\n[Peer]\nPublicKey = %s\n' "$(pub "$o")"
		printf 'AllowedIPs = %s/32, %s/128' "$(inner4 "$o")" "$(inner6 "$o")"
		((RANDOM % 2)) && printf ', 10.%d.%d.0/24' "$((190 + num[$o]))" "$((RANDOM % 256))"
		printf '\n'
		if ((RANDOM % 2)); then
			printf 'Endpoint = %s:%s\n' "$(outer4 "$o")" "$(port "$o")"
		else
			printf 'Endpoint = [%s]:%s\n' "$(outer6 "$o")" "$(port "$o")"
		fi
		((RANDOM % 3)) || printf 'PersistentKeepalive = %d\n' "$((1 + RANDOM % 25))"
	done
}

# tool HOST ARGS...: ztnet or wg, for HOST's kind.
tool() {
	local h=$1
	shift
	if [[ $(kind "$h") == wireguard ]]; then
		in_ns "$h" wg "$@"
	else
		in_ns "$h" ztnet "$@"
	fi
}

# device HOST: zt0 made again, configured, up.
device() {
	local h=$1 f=$ZTNET_TMP/$1.$BASHPID.conf
	ip -n "$h" link del zt0 2>/dev/null || true
	ip -n "$h" link add zt0 type "$(kind "$h")" || return 1
	conf "$h" >"$f"
	tool "$h" setconf zt0 "$f"
	ip -n "$h" addr add "$(inner4 "$h")/24" dev zt0
	ip -n "$h" addr add "$(inner6 "$h")/64" dev zt0 nodad
	ip -n "$h" link set zt0 up
	ip -n "$h" route add "10.$((190 + num[$h])).0.0/16" dev zt0 2>/dev/null || true
}

# host HOST: its namespace, its link to the router, and zt0.
host() {
	local h=$1 n=${num[$1]}
	ip netns add "$h" || return 1
	ip -n "$h" link set lo up
	# A namespace just deleted goes in the background, its links with it;
	# the router's end of the old link is taken now.
	ip -n ch-br link del "r-$h" 2>/dev/null || true
	ip -n ch-br link add "r-$h" type veth peer name h0 netns "$h"
	ip -n ch-br addr add "172.16.$((190 + n)).1/24" dev "r-$h"
	ip -n ch-br addr add "fd00:190:$n::1/64" dev "r-$h" nodad
	ip -n ch-br link set "r-$h" up
	ip -n "$h" addr add "$(outer4 "$h")/24" dev h0
	ip -n "$h" addr add "$(outer6 "$h")/64" dev h0 nodad
	ip -n "$h" link set h0 up
	ip -n "$h" route add default via "172.16.$((190 + n)).1"
	ip -n "$h" -6 route add default via "fd00:190:$n::1"
	device "$h"
}

setup() {
	local h
	load_ztnet_debug_build 6
	have_wg=1
	(need_wireguard) >/dev/null 2>&1 || have_wg=0
	mkdir -p "$keys" "$logs"
	ns_add ch-br
	in_ns ch-br sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	for h in "${hosts[@]}"; do
		newkey "$h"
		ztnet_namespaces+=("$h")
	done
	for h in "${hosts[@]}"; do
		host "$h" || fail "setup of $h"
	done
}

pick() {
	local a=("$@")
	echo "${a[RANDOM % ${#a[@]}]}"
}

zt_hosts() {
	local h
	for h in "${hosts[@]}"; do
		if [[ $(kind "$h") == ztnet ]]; then echo "$h"; fi
	done
}

# step WORKER WHAT CMD...: one bounded action, logged with its outcome.
step() {
	local worker=$1 what=$2 rc=0
	shift 2
	if declare -F "$1" >/dev/null; then
		"$@" >/dev/null 2>&1 || rc=$?
	else
		timeout -k 5 30 "$@" >/dev/null 2>&1 || rc=$?
	fi
	echo "$SECONDS $what rc=$rc" >>"$logs/$worker"
}

w_traffic() {
	local a b s
	while ((SECONDS < deadline)); do
		a=$(pick "${hosts[@]}") b=$(pick "${hosts[@]}")
		[[ $a == "$b" ]] && continue
		s=$((RANDOM % 1400))
		((RANDOM % 8)) || s=$((2000 + RANDOM % 3000))
		if ((RANDOM % 2)); then
			step traffic "ping $a $b -s $s" in_ns "$a" ping -q -c 5 -i 0.05 -W 1 -s "$s" "$(inner4 "$b")"
		else
			step traffic "ping6 $a $b -s $s" in_ns "$a" ping -6 -q -c 5 -i 0.05 -W 1 -s "$s" "$(inner6 "$b")"
		fi
	done
}

w_peers() {
	local h o f=$ZTNET_TMP/peers.conf
	while ((SECONDS < deadline)); do
		h=$(pick $(zt_hosts)) o=$(pick "${hosts[@]}")
		case $((RANDOM % 6)) in
		0) step peers "set $h peer $o" in_ns "$h" ztnet set zt0 peer "$(pub "$o")" \
			allowed-ips "$(inner4 "$o")/32,10.$((RANDOM % 256)).0.0/16" \
			endpoint "$(outer4 "$o"):$(port "$o")" persistent-keepalive $((RANDOM % 3)) ;;
		1) step peers "remove $h peer $o" in_ns "$h" ztnet set zt0 peer "$(pub "$o")" remove ;;
		2) conf "$h" >"$f" && step peers "setconf $h" in_ns "$h" ztnet setconf zt0 "$f" ;;
		3) conf "$h" >"$f" && step peers "syncconf $h" in_ns "$h" ztnet syncconf zt0 "$f" ;;
		4) conf "$h" >"$f" && step peers "addconf $h" in_ns "$h" ztnet addconf zt0 "$f" ;;
		5) step peers "replace ips $h peer $o" in_ns "$h" ztnet set zt0 peer "$(pub "$o")" \
			replace-allowed-ips allowed-ips "$(inner6 "$o")/128" ;;
		esac
	done
}

w_identity() {
	local h
	while ((SECONDS < deadline)); do
		h=$(pick $(zt_hosts))
		case $((RANDOM % 3)) in
		0) newkey "$h" && step identity "private-key $h" in_ns "$h" ztnet set zt0 private-key "$keys/$h.key" ;;
		1) step identity "listen-port $h" in_ns "$h" ztnet set zt0 listen-port $((RANDOM % 2 ? 0 : $(port "$h"))) ;;
		2) step identity "fwmark $h" in_ns "$h" ztnet set zt0 fwmark $((RANDOM % 3)) ;;
		esac
		sleep 0.$((RANDOM % 5))
	done
}

w_links() {
	local h n=0
	while ((SECONDS < deadline)); do
		h=$(pick "${hosts[@]}")
		case $((RANDOM % 3)) in
		0) step links "down/up $h" sh -c "ip -n $h link set zt0 down; sleep 0.$((RANDOM % 5)); ip -n $h link set zt0 up" ;;
		1) step links "remake $h" device "$h" ;;
		2) n=$((n % 16 + 1))
		   step links "move zt$n from $h" sh -c "ip -n $h link add zt$n type ztnet &&
			ip netns exec $h ztnet set zt$n listen-port 0 private-key $keys/$h.key &&
			ip -n $h link set zt$n up && ip -n $h link set zt$n netns ch-br" ;;
		esac
		sleep 0.$((RANDOM % 5))
	done
}

w_netns() {
	local h
	while ((SECONDS < deadline)); do
		sleep $((2 + RANDOM % 4))
		h=$(pick ch2 ch3 ch4)
		step netns "delete $h" ip netns del "$h"
		sleep 0.$((RANDOM % 10))
		step netns "make $h" host "$h"
	done
}

w_dumps() {
	local h
	while ((SECONDS < deadline)); do
		h=$(pick "${hosts[@]}" ch-br)
		case $((RANDOM % 4)) in
		0) step dumps "show all $h" in_ns "$h" ztnet show all ;;
		1) step dumps "show all dump $h" in_ns "$h" ztnet show all dump ;;
		2) step dumps "showconf $h" in_ns "$h" ztnet showconf zt0 ;;
		3) step dumps "show $h" in_ns "$h" ztnet show zt0 ;;
		esac
	done
}

w_hostile() {
	local h dst
	while ((SECONDS < deadline)); do
		h=$(pick "${hosts[@]}")
		if ((RANDOM % 2)); then
			dst="$(outer4 "$h"):$(port "$h")"
		else
			dst="[$(outer6 "$h")]:$(port "$h")"
		fi
		if ((RANDOM % 2)); then
			step hostile "junk $dst" in_ns ch-br "$ZTPKT" junk --dst "$dst" \
				--count 1000 --seed "$RANDOM" --rate 5000
		else
			step hostile "flood $dst" in_ns ch-br "$ZTPKT" flood --dst "$dst" \
				--pubkey "$(pub "$h")" --count 400 --valid-every 2 \
				--sport $((40000 + RANDOM % 1000)) --rate 2000 --linger 0
		fi
	done
}

w_knobs() {
	while ((SECONDS < deadline)); do
		debug_knob delay_handshake_send_ms "$(pick 0 20 100 300)"
		debug_knob delay_handshake_receive_ms "$(pick 0 2 5 10)"
		debug_knob delay_set_device_ms "$(pick 0 50 200 500)"
		echo "$SECONDS knobs $(cat /sys/module/ztnet/parameters/delay_*_ms | tr '\n' ' ')" >>"$logs/knobs"
		sleep $((1 + RANDOM % 3))
	done
	debug_knob delay_handshake_send_ms 0
	debug_knob delay_handshake_receive_ms 0
	debug_knob delay_set_device_ms 0
}

# policy_conf: a [Policy] section with tiny caps and timeouts.
policy_conf() {
	printf '[Policy]\nMode = %s\nMaxFlows = %d\nMaxPeerFlows = %d\n' \
		"$(pick enforce audit off)" $((1 + RANDOM % 64)) $((1 + RANDOM % 16))
	printf 'TimeoutIcmp = %d\nTimeoutUdp = %d\n' $((1 + RANDOM % 3)) $((1 + RANDOM % 3))
	printf 'Rule = accept in proto icmp name ping\nRule = accept out proto icmp\n'
	printf 'Rule = accept in proto icmpv6\nRule = %s out proto icmpv6\n' "$(pick accept reject drop)"
}

w_policy() {
	local h o f=$ZTNET_TMP/policy.conf
	for h in $(zt_hosts); do
		in_ns "$h" timeout "$run_for" ztnet monitor >/dev/null 2>&1 &
	done
	while ((SECONDS < deadline)); do
		h=$(pick $(zt_hosts)) o=$(pick "${hosts[@]}")
		case $((RANDOM % 8)) in
		0) step policy "mode $h" in_ns "$h" ztnet set zt0 policy "$(pick enforce audit off)" ;;
		1) step policy "rule add $h" in_ns "$h" ztnet rule add zt0 accept "$(pick in out)" \
			proto "$(pick icmp icmpv6 udp)" name "r$((RANDOM % 8))" ;;
		2) step policy "rule del $h" in_ns "$h" ztnet rule del zt0 "r$((RANDOM % 8))" ;;
		3) step policy "groups $h $o" in_ns "$h" ztnet set zt0 peer "$(pub "$o")" \
			groups "$(pick g1 g2 g1,g2 none)" ;;
		4) step policy "protect $h" in_ns "$h" ztnet set zt0 protect "$(pick tcp/22 udp/53,tcp/5432 none)" ;;
		5) policy_conf >"$f" && step policy "addconf policy $h" in_ns "$h" ztnet addconf zt0 "$f" ;;
		6) step policy "flows $h" in_ns "$h" ztnet show zt0 flows ;;
		7) step policy "rules $h" in_ns "$h" ztnet show zt0 policy ;;
		esac
	done
	wait
}

run_workers() {
	local pids=() w i=0
	deadline=$((SECONDS + run_for))
	for w in traffic traffic peers identity links netns dumps hostile knobs policy; do
		i=$((i + 1))
		(RANDOM=$((seed + i)) && "w_$w") &
		pids+=($!)
	done
	for w in "${pids[@]}"; do
		wait "$w" || fail "a chaos worker died"
	done
}

report() {
	local f
	for f in "$logs"/*; do
		echo "chaos: ${f##*/}: $(wc -l <"$f") actions, $(grep -c 'rc=[1-9]' "$f" || true) refused or failed"
	done
}

# The module still works: two fresh hosts, a fresh tunnel, both ways.
sanity() {
	local h o
	hosts=(ch1 ch2)
	for h in ch1 ch2; do
		ip netns del "$h" 2>/dev/null || true
		newkey "$h"
	done
	for h in ch1 ch2; do
		host "$h" || fail "sanity: could not make $h"
	done
	for h in ch1 ch2; do
		o=ch1
		[[ $h == ch1 ]] && o=ch2
		cfg "$h" set zt0 peer "$(pub "$o")" allowed-ips "$(inner4 "$o")/32" \
			endpoint "$(outer4 "$o"):$(port "$o")"
	done
	in_ns ch1 ping -c2 -W5 "$(inner4 ch2)" >/dev/null || fail "after the chaos, ch1 cannot reach ch2"
	in_ns ch2 ping -c2 -W5 "$(inner4 ch1)" >/dev/null || fail "after the chaos, ch2 cannot reach ch1"
}

check_kernel_log() {
	local log=$ZTNET_TMP/dmesg
	dmesg | sed -n "/$mark/,\$p" >"$log"
	if ! "$ZTNET_REPO/selftests/vm/scan-log" "$log"; then
		fail "the kernel reported problems during the chaos (seed $seed)"
	fi
}

echo "chaos: seed $seed, $run_for s (ZTNET_CHAOS_SEED=$seed replays it)"
echo "$mark" >/dev/kmsg
setup
run_workers
report
sanity
ztnet_cleanup
ztnet_namespaces=()
# Its workers allocate up to the end: what they left is old enough here.
check_leaks 6
timeout 120 rmmod ztnet || fail "ztnet did not unload after the chaos"
check_kernel_log
echo "chaos: seed $seed passed"
