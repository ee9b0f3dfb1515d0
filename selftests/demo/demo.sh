#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` shows, run as root inside the test VM (selftests/demo/run
# boots it).  Three hosts, each in its own network namespace, share one
# Ethernet segment (a bridge): alpha and bravo run ztnet, charlie runs the
# kernel's own WireGuard.  Each has the other two as peers.  The demo pings
# every pair through the tunnels, moves data across them, and prints what
# each tunnel reports.  Then it microsegments them: alpha is a database
# (PostgreSQL's tcp/5432), bravo a web server in group "web", charlie a
# workstation; alpha audits, then enforces "web -> database, nothing
# else", and the demo shows an allowed connection and a denied one, what
# audit would have dropped, the rule counters and the events of
# "ztnet monitor".  It exits non-zero if any step failed.
#
# Settings, from build/demo/demo.env when selftests/demo/run wrote one:
#   DEMO_DEVICE=ztnet      alpha and bravo run ztnet (default); "wireguard"
#                          runs them on WireGuard too, to try the demo itself
#   DEMO_OUTPUT=FILE       append everything printed to FILE
. "$ZTNET_REPO/selftests/lib.sh"

settings=$ZTNET_REPO/build/demo/demo.env
# shellcheck disable=SC1090
if [[ -f $settings ]]; then . "$settings"; fi
DEMO_DEVICE=${DEMO_DEVICE:-ztnet}
if [[ -n ${DEMO_OUTPUT:-} ]]; then exec >>"$DEMO_OUTPUT" 2>&1; fi

hosts=(alpha bravo charlie)
declare -A number=([alpha]=1 [bravo]=2 [charlie]=3)
declare -A kind=([alpha]=$DEMO_DEVICE [bravo]=$DEMO_DEVICE [charlie]=wireguard)
declare -A pubkey=()
port=51820
passed=0
failed=0

case $DEMO_DEVICE in
ztnet | wireguard) ;;
*) fail "DEMO_DEVICE must be ztnet or wireguard, not '$DEMO_DEVICE'" ;;
esac

# The device, and the tool that configures it, of a host.
dev() { if [[ ${kind[$1]} == ztnet ]]; then echo zt0; else echo wg0; fi; }
tool() { if [[ ${kind[$1]} == ztnet ]]; then echo ztnet; else echo wg; fi; }
what() { if [[ ${kind[$1]} == ztnet ]]; then echo "ztnet (zt0)"; else echo "WireGuard (wg0)"; fi; }
lan_ip() { echo "192.0.2.${number[$1]}"; }
tun_ip() { echo "10.0.0.${number[$1]}"; }
tun_ip6() { echo "fd00::${number[$1]}"; }

step=0
heading() {
	step=$((step + 1))
	printf '\n%d. %s\n\n' "$step" "$*"
}

# result OK|FAILED: counts one check; the caller has printed what it was.
result() {
	if [[ $1 == ok ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

# --- 1. the network ------------------------------------------------------------

build_lan() {
	local h
	heading "Three hosts on one Ethernet segment (network namespaces and a bridge)"
	ns_add lan
	ip -n lan link add br0 type bridge
	ip -n lan link set br0 up
	for h in "${hosts[@]}"; do
		ns_add "$h"
		ip link add eth0 netns "$h" type veth peer name "$h" netns lan
		ip -n lan link set "$h" master br0 up
		ip -n "$h" address add "$(lan_ip "$h")/24" dev eth0
		ip -n "$h" link set eth0 up
		printf '   %-8s eth0 %-12s will run %s\n' "$h" "$(lan_ip "$h")" "$(what "$h")"
	done
}

# --- 2. keys -------------------------------------------------------------------

make_keys() {
	local h t
	heading "Each host makes its key pair"
	umask 077
	for h in "${hosts[@]}"; do
		t=$(tool "$h")
		"$t" genkey >"$h.key"
		pubkey[$h]=$("$t" pubkey <"$h.key")
		printf '   %-8s %s genkey | %s pubkey  ->  %s\n' "$h" "$t" "$t" "${pubkey[$h]}"
	done
}

# --- 3. tunnels ----------------------------------------------------------------

# The same [Interface]/[Peer] file format serves wg and ztnet.
write_config() {
	local h=$1 p
	printf '[Interface]\nPrivateKey = %s\nListenPort = %d\n' "$(cat "$h.key")" "$port"
	for p in "${hosts[@]}"; do
		[[ $p != "$h" ]] || continue
		printf '\n# %s\n[Peer]\nPublicKey = %s\nEndpoint = %s:%d\nAllowedIPs = %s/32, %s/128\n' \
			"$p" "${pubkey[$p]}" "$(lan_ip "$p")" "$port" "$(tun_ip "$p")" "$(tun_ip6 "$p")"
	done
}

build_tunnels() {
	local h d t
	heading "Each host gets a tunnel device with the other two as peers"
	modprobe wireguard
	if [[ $DEMO_DEVICE == ztnet ]]; then
		[[ -f $ZTNET_KO ]] || fail "ztnet.ko was not built"
		load_ztnet
	fi
	echo "   Every host gets a configuration file in WireGuard's format; alpha's is:"
	echo
	write_config alpha | sed -e 's/^PrivateKey = .*/PrivateKey = (alpha.key)/' -e 's/^/       /'
	echo
	for h in "${hosts[@]}"; do
		d=$(dev "$h") t=$(tool "$h")
		write_config "$h" >"$h.conf"
		ip -n "$h" link add "$d" type "${kind[$h]}"
		in_ns "$h" "$t" setconf "$d" "$h.conf"
		ip -n "$h" address add "$(tun_ip "$h")/24" dev "$d"
		ip -n "$h" address add "$(tun_ip6 "$h")/64" dev "$d" nodad
		ip -n "$h" link set "$d" up
		printf '   %-8s %-32s %-29s %s\n' "$h" "ip link add $d type ${kind[$h]}" \
			"$t setconf $d $h.conf" "$(tun_ip "$h")/24 $(tun_ip6 "$h")/64"
	done
}

# --- 4. pings ------------------------------------------------------------------

# ping_summary NS ADDR: "3/3, 0.61 ms" and the status of ping.
ping_summary() {
	local out sent received avg status=0
	out=$(in_ns "$1" ping -q -c 3 -i 0.2 -w 15 "$2" 2>&1) || status=$?
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' <<<"$out")
	received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
	avg=$(sed -n 's|^rtt [^=]*= [0-9.]*/\([0-9.]*\)/.*|\1|p' <<<"$out")
	printf '%s/%s replies' "${received:-0}" "${sent:-0}"
	if [[ -n $avg ]]; then printf ', avg %.1f ms' "$avg"; fi
	return "$status"
}

ping_pairs() {
	local src dst summary verdict family addr
	heading "Ping every pair through the tunnels (3 pings each, IPv4 and IPv6)"
	printf '   %-8s %-8s %-32s %s\n' from to IPv4 IPv6
	for src in "${hosts[@]}"; do
		for dst in "${hosts[@]}"; do
			[[ $src != "$dst" ]] || continue
			printf '   %-8s %-8s' "$src" "$dst"
			for family in 4 6; do
				if [[ $family == 4 ]]; then addr=$(tun_ip "$dst"); else addr=$(tun_ip6 "$dst"); fi
				if summary=$(ping_summary "$src" "$addr"); then
					verdict=ok
				else
					verdict=FAILED
				fi
				result "$verdict"
				printf ' %-32s' "$summary $verdict"
			done
			echo
		done
	done
}

# --- 5. data -------------------------------------------------------------------

# transfer.py recv ADDR PORT | send ADDR PORT FILE: one TCP stream; the
# receiver prints the byte count and the SHA-256 of what arrived.
write_transfer_helper() {
	cat >transfer.py <<'EOF'
import hashlib, socket, sys, time

mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == "recv":
    srv = socket.create_server((addr, port))
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(60)
    digest, size = hashlib.sha256(), 0
    while chunk := conn.recv(1 << 16):
        digest.update(chunk)
        size += len(chunk)
    conn.close()
    print(size, digest.hexdigest())
else:
    data = open(sys.argv[4], "rb").read()
    deadline = time.monotonic() + 30
    while True:
        try:
            sock = socket.create_connection((addr, port), timeout=60)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    started = time.monotonic()
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    sock.recv(1)
    print(f"{time.monotonic() - started:.2f}")
EOF
}

# send_file SRC DST: 4 MiB of random bytes; the SHA-256 at DST must match.
send_file() {
	local src=$1 dst=$2 addr receiver seconds got want verdict=FAILED
	addr=$(tun_ip "$dst")
	in_ns "$dst" python3 transfer.py recv "$addr" 5000 >"received-$dst" 2>&1 &
	receiver=$!
	wait_for_listener "$dst" 5000
	if seconds=$(in_ns "$src" python3 transfer.py send "$addr" 5000 payload 2>&1) &&
		wait "$receiver"; then
		read -r _ got <"received-$dst" || true
		want=$(sha256sum payload | cut -d' ' -f1)
		if [[ $got == "$want" ]]; then verdict=ok; fi
		printf '   %-8s -> %-8s 4 MiB file in %5ss, SHA-256 at the other end %s... %s\n' \
			"$src" "$dst" "$seconds" "${got:0:16}" "$verdict"
	else
		kill "$receiver" 2>/dev/null || true
		wait "$receiver" 2>/dev/null || true
		printf '   %-8s -> %-8s 4 MiB file: transfer failed %s\n' "$src" "$dst" "$verdict"
		tail -n 5 <<<"$seconds" | sed 's/^/      /'
	fi
	result "$verdict"
}

# wait_for_listener NS PORT: until a TCP socket listens there (at most 30 s).
wait_for_listener() {
	local i
	for ((i = 0; i < 150; i++)); do
		if in_ns "$1" ss -Hltn "sport = :$2" | grep -q .; then return 0; fi
		sleep 0.2
	done
}

# iperf_run SRC DST: iperf3 sends 8 MiB over TCP; prints the rate.
iperf_run() {
	local src=$1 dst=$2 addr server json rate i verdict=FAILED
	addr=$(tun_ip "$dst")
	in_ns "$dst" iperf3 -s -1 -B "$addr" >/dev/null 2>&1 &
	server=$!
	wait_for_listener "$dst" 5201
	for ((i = 0; i < 3; i++)); do
		if json=$(in_ns "$src" iperf3 -c "$addr" -n 8M -J 2>/dev/null); then
			verdict=ok
			break
		fi
		grep -q 'Connection refused' <<<"$json" || break
		sleep 1
	done
	# The JSON is kept next to the demo's output, for a closer look.
	if [[ -n ${DEMO_OUTPUT:-} ]]; then
		printf '%s\n' "$json" >"${DEMO_OUTPUT%/*}/iperf3-$src-$dst.json"
	fi
	if [[ $verdict == ok ]] && rate=$(jq -er '.end | select(.sum_received.bits_per_second) |
		"\(.sum_sent.bytes / 1048576) MiB in \(.sum_received.seconds * 100 | round / 100)s, \(.sum_received.bits_per_second / 1e6 | round) Mbit/s"' \
		<<<"$json" 2>/dev/null); then
		printf '   %-8s -> %-8s iperf3 -n 8M: %s %s\n' "$src" "$dst" "$rate" "$verdict"
	else
		verdict=FAILED
		kill "$server" 2>/dev/null || true
		printf '   %-8s -> %-8s iperf3 -n 8M: %s %s\n' "$src" "$dst" \
			"$(jq -r '.error // "no result"' <<<"$json" 2>/dev/null || echo "no result")" "$verdict"
	fi
	wait "$server" 2>/dev/null || true
	result "$verdict"
}

move_data() {
	heading "Move data through the tunnels (TCP over IPv4)"
	write_transfer_helper
	head -c $((4 << 20)) /dev/urandom >payload
	echo "   The file's SHA-256 is $(sha256sum payload | cut -c1-16)..."
	echo
	send_file alpha bravo
	send_file bravo charlie
	send_file charlie alpha
	iperf_run bravo alpha
	iperf_run charlie bravo
	iperf_run alpha charlie
}

# --- 6. state ------------------------------------------------------------------

# Every peer of every host has a handshake and traffic both ways.
check_peers() {
	local h t d key handshake rx tx shaken verdict
	for h in "${hosts[@]}"; do
		t=$(tool "$h") d=$(dev "$h")
		while read -r key handshake; do
			rx=0 tx=0 shaken=yes verdict=ok
			read -r _ rx tx < <(in_ns "$h" "$t" show "$d" transfer | grep -F "$key") || true
			if ((handshake == 0)); then shaken=no; fi
			if ((handshake == 0 || rx == 0 || tx == 0)); then verdict=FAILED; fi
			result "$verdict"
			printf '   %-8s peer %s...  handshake: %-3s  received %9s B  sent %9s B  %s\n' \
				"$h" "${key:0:8}" "$shaken" "$rx" "$tx" "$verdict"
		done < <(in_ns "$h" "$t" show "$d" latest-handshakes)
	done
}

show_state() {
	local h t d
	heading "What each tunnel reports"
	for h in "${hosts[@]}"; do
		t=$(tool "$h") d=$(dev "$h")
		echo "   [$h]# $t show $d"
		in_ns "$h" "$t" show "$d" | sed 's/^/   /'
		echo
	done
	echo "   Every peer has completed a handshake and carried traffic both ways:"
	echo
	check_peers
}

# --- 7. microsegments ----------------------------------------------------------

ZTFLOW=$ZTNET_REPO/selftests/tools/ztflow.py

# attempt FROM PORT: one TCP exchange with alpha's server, said and counted
# as EXPECTED (allowed or denied) says it should go.
attempt() {
	local from=$1 port=$2 expected=$3 got=denied verdict=ok
	in_ns "$from" "$ZTCONNECT" "$(tun_ip alpha)" "$port" --timeout 1 >/dev/null 2>&1 && got=allowed
	[[ $got == "$expected" ]] || verdict=FAILED
	result "$verdict"
	printf '   %-8s -> alpha tcp/%-5s %-8s (%s)  %s
' "$from" "$port" "$got" "expected $expected" "$verdict"
}

# alpha's policy: MODE, web to the database, nothing else.
alpha_policy() {
	write_config alpha | sed "\|^PublicKey = ${pubkey[bravo]}\$|a Groups = web"
	printf '
[Policy]
Mode = %s
Rule = accept in from group:web proto tcp port 5432 name web-db
' "$1"
}

microsegments() {
	local h
	[[ $DEMO_DEVICE == ztnet ]] || return 0
	heading "Microsegments: web -> database tcp/5432, and nothing else"
	for h in "${hosts[@]}"; do
		in_ns "$h" "$ZTFLOW" serve --tcp 22,5432 --timeout 120 &
	done
	in_ns alpha ztnet monitor zt0 >alpha.events &
	sleep 1
	echo "   alpha audits first: it lets everything through, and reports what it would stop."
	alpha_policy audit >alpha-policy.conf
	in_ns alpha ztnet syncconf zt0 alpha-policy.conf
	attempt bravo 5432 allowed
	attempt charlie 5432 allowed
	echo
	echo "   Then it enforces:"
	alpha_policy enforce >alpha-policy.conf
	in_ns alpha ztnet syncconf zt0 alpha-policy.conf
	attempt bravo 5432 allowed
	attempt charlie 5432 denied
	attempt bravo 22 denied
	echo
	echo "   [alpha]# ztnet show zt0 rules      (number, packets, bytes, flows, rule)"
	in_ns alpha ztnet show zt0 rules | sed 's/^/   /'
	echo "   [alpha]# ztnet show zt0 policy | grep drop"
	in_ns alpha ztnet show zt0 policy | grep -v '	0$' | grep drop | sed 's/^/   /'
	echo
	echo "   [alpha]# ztnet monitor zt0"
	sleep 1
	cut -d' ' -f2- alpha.events | sed -e 's|peer=\([A-Za-z0-9+/]\{8\}\)[^ ]*|peer=\1...|' -e 's/^/   /'
	echo
	echo "   What audit mode said it would stop:"
	if grep -q flow-would-deny alpha.events; then
		grep flow-would-deny alpha.events | cut -d' ' -f2- | sed -e 's|peer=\([A-Za-z0-9+/]\{8\}\)[^ ]*|peer=\1...|' -e 's/^/   /'
		result ok
	else
		echo "   nothing: FAILED"
		result failed
	fi
	kill $(jobs -p) 2>/dev/null || true
	wait 2>/dev/null || true
}

main() {
	echo "ztnet demo on Linux $(uname -r), in a QEMU VM"
	build_lan
	make_keys
	build_tunnels
	ping_pairs
	move_data
	show_state
	microsegments
	echo
	if ((failed == 0)); then
		echo "Demo passed: all $passed checks succeeded."
	else
		echo "Demo FAILED: $failed of $((passed + failed)) checks failed."
		exit 1
	fi
}

main
