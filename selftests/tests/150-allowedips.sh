#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cryptokey routing.  A hub A with two peers, B and C, each in its own
# namespace and reached over its own veth pair:
#
#   A's peer B: 10.0.0.0/8,  fd00:150:b::/48
#   A's peer C: 10.1.0.0/16, fd00:150:b:1::/64   (inside B's prefixes)
#
# (a) Source check.  B pings A from a second address of its zt0 that A
#     does not allow for B: nothing is delivered (no reply, A's rx_packets
#     unchanged) and A's rx_errors grows by one per packet, as WireGuard
#     counts an "unallowed src IP".  From its allowed address it works.
# (b) Longest prefix.  A reaches C at 10.1.0.3 and B at 10.2.0.2 (ping
#     replies); a UDP probe to an unassigned 10.1.x.y reaches C and one to
#     10.2.x.y reaches B, as nftables counters on the receivers' zt0 show,
#     and likewise for IPv6.  Once C no longer has 10.1.0.0/16, 10.1.x.y
#     goes to B.
# (c) No peer.  A destination routed to zt0 that no peer allows fails at
#     once: ping reports the ICMP unreachable that zt0 returns, and A's
#     tx_errors grows by one per packet.
# (d) Incremental changes, wg's allowed-ips +PREFIX,-PREFIX.  On A: '-'
#     takes C's 10.1.0.0/16 away (10.1.x.y then reaches B) while '+'
#     gives C 10.9.0.0/16 (reached at once); a '-' of B's prefix, of one
#     inside or around C's, of an absent one, changes nothing; host bits
#     do not matter; items apply in order; a prefix moves between peers
#     and a '-' from the wrong peer leaves it; an unsigned last list
#     replaces; addconf takes signs too.  Every state is checked on the
#     whole table.  Refused requests change nothing: a bad item in ztnet
#     set, and over netlink an unknown allowed-IP flag or a bad peer after
#     a valid removal.  C's prefix goes and comes back 100 times under a
#     ping flood (25 on the debug kernel, where KASAN and lockdep watch).  Where this
#     wg takes + and -, a WireGuard device of A follows the same commands
#     and must hold the same table after each; else (wg 1.0.20210914 takes
#     no sign) ztnet is held to the documented rules alone.
# (e) Scale.  100,000 /32 prefixes in 172.20.0.0/15 (10,000 on the debug
#     kernel) are added to A with addconf: half to B, a quarter to C, the
#     rest to eight peers that have no endpoint.  Probes to 300 sampled
#     addresses (100 there) arrive, each exactly once, at the real peer that
#     owns them (none at the other), and an address of the /15 no peer has
#     is unreachable.
#
# ZTNET_TEST_KIND=wireguard runs the same with in-kernel WireGuard and wg(8);
# ZTNET_TEST_KIND_A / _B / _C choose each side.
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release
need_cmd nft

kind_a=${ZTNET_TEST_KIND_A:-${ZTNET_TEST_KIND:-ztnet}}
kind_b=${ZTNET_TEST_KIND_B:-${ZTNET_TEST_KIND:-ztnet}}
kind_c=${ZTNET_TEST_KIND_C:-${ZTNET_TEST_KIND:-ztnet}}
declare -A port=([al-a]=51820 [al-b]=51821 [al-c]=51822)
# Each spoke's veth address as the hub sees it.
declare -A outer=([al-b]=172.16.150.2 [al-c]=172.16.151.2)
# The addresses each spoke answers from.
declare -A src4=([al-b]=10.2.0.2 [al-c]=10.1.0.3)
declare -A src6=([al-b]=fd00:150:b:2::2 [al-c]=fd00:150:b:1::3)
prefixes=100000 samples=300 churn=100
# KASAN makes each change slow: fewer, where it watches them.
ztnet_debug_kernel && prefixes=10000 samples=100 churn=25

# dev_stat NS COUNTER: a zt0 statistic, as "ip -s link" shows it.
dev_stat() {
	in_ns "$1" cat "/sys/class/net/zt0/statistics/$2"
}

# Counts what zt0 delivers, before routing can drop it: UDP probes (to
# port 9) and packets from B's addresses that A does not allow for B.
# Anonymous counters, told apart by comments: the debug kernel has no
# named ones (no CONFIG_NFT_OBJREF).
count_delivered() {
	in_ns "$1" nft -f - <<-'EOF'
	table inet zt_al {
		chain pre {
			type filter hook prerouting priority -300; policy accept;
			iifname "zt0" udp dport 9 counter comment "probes"
			iifname "zt0" ip saddr 192.168.151.2 counter comment "spoofed"
			iifname "zt0" ip6 saddr fd00:150:e::2 counter comment "spoofed"
		}
	}
	EOF
}

# delivered NS WHAT: packets counted so far.
delivered() {
	nft_counter "$1" zt_al pre "$2" | cut -d' ' -f1
}

# probes NS: probes counted since reset_probes.
declare -A probes_before=()
probes() {
	echo $(($(delivered "$1" probes) - ${probes_before[$1]:-0}))
}

# send_probes NS ADDRESS...: one UDP datagram to port 9 of each address.
# A send may fail (to a peer without an endpoint WireGuard answers with an
# ICMP error at once): the receivers' counters tell what arrived.
send_probes() {
	local ns=$1
	shift
	# shellcheck disable=SC2016  # expanded by the inner bash
	in_ns "$ns" bash -c 'for a in "$@"; do echo -n x 2>/dev/null >"/dev/udp/$a/9" || :; done' _ "$@"
}

# expect_probes DEADLINE NS=COUNT...: polls until each namespace has
# received its count, then checks that no more arrive.
expect_probes() {
	local deadline=$((SECONDS + $1)) want got pair stable=0
	shift
	while :; do
		got=() want=()
		for pair in "$@"; do
			got+=("$(probes "${pair%=*}")")
			want+=("${pair#*=}")
		done
		if [[ ${got[*]} == "${want[*]}" ]]; then
			# The same twice, half a second apart: nothing is still on its way.
			((++stable == 2)) && return 0
		else
			stable=0
		fi
		((SECONDS < deadline)) || fail "probes received by ${*%%=*}: ${got[*]}, expected ${want[*]}"
		sleep 0.5
	done
}

reset_probes() {
	local ns
	for ns in "$@"; do
		probes_before[$ns]=$(delivered "$ns" probes)
	done
}

# ping_ok NS [PING ARGS...] DST
ping_ok() {
	local ns=$1 out
	shift
	if ! out=$(in_ns "$ns" ping -q -c 2 -i 0.3 -w 20 "$@" 2>&1); then
		echo "$out"
		fail "$ns: no reply from ${*: -1}"
	fi
}

topology() {
	local ns kind spoke i=0
	ns_add al-a
	ns_add al-b
	ns_add al-c
	for spoke in al-b al-c; do
		veth_pair al-a "a$i" "172.16.15$i.1/24" $spoke s0 "172.16.15$i.2/24"
		i=$((i + 1))
	done
	for ns in al-a al-b al-c; do
		count_delivered $ns
		kind=$kind_a
		[[ $ns == al-b ]] && kind=$kind_b
		[[ $ns == al-c ]] && kind=$kind_c
		keyed_dev $ns "$kind" "${port[$ns]}"
	done
	cfg al-a set zt0 \
		peer "${pubkey[al-b]}" endpoint "${outer[al-b]}:${port[al-b]}" \
		allowed-ips 10.0.0.0/8,fd00:150:b::/48 \
		peer "${pubkey[al-c]}" endpoint "${outer[al-c]}:${port[al-c]}" \
		allowed-ips 10.1.0.0/16,fd00:150:b:1::/64
	ip -n al-a addr add 192.168.150.1/32 dev zt0
	ip -n al-a addr add fd00:150::1/128 dev zt0 nodad
	ip -n al-a link set zt0 up
	for route in 10.0.0.0/8 fd00:150:b::/48 172.31.150.0/24 fd00:150:f::/64 172.20.0.0/15; do
		ip -n al-a route add $route dev zt0
	done
	ip -n al-b addr add 10.2.0.2/32 dev zt0
	ip -n al-b addr add fd00:150:b:2::2/128 dev zt0 nodad
	ip -n al-c addr add 10.1.0.3/32 dev zt0
	ip -n al-c addr add fd00:150:b:1::3/128 dev zt0 nodad
	# B's addresses outside what A allows for B.
	ip -n al-b addr add 192.168.151.2/32 dev zt0
	ip -n al-b addr add fd00:150:e::2/128 dev zt0 nodad
	for spoke in al-b al-c; do
		# The spokes learn A's endpoint from its first packet.
		cfg $spoke set zt0 peer "${pubkey[al-a]}" allowed-ips 192.168.150.1/32,fd00:150::1/128
		ip -n $spoke link set zt0 up
		ip -n $spoke route add 192.168.150.1/32 dev zt0 src "${src4[$spoke]}"
		ip -n $spoke route add fd00:150::1/128 dev zt0 src "${src6[$spoke]}"
	done
}

source_check() {
	local src dst rx_errors out pair
	echo "(a) source check"
	for pair in 192.168.151.2/192.168.150.1 fd00:150:e::2/fd00:150::1; do
		src=${pair%/*} dst=${pair#*/}
		rx_errors=$(dev_stat al-a rx_errors)
		if out=$(in_ns al-b ping -c 3 -i 0.3 -W 1 -I "$src" "$dst" 2>&1); then
			echo "$out"
			fail "A answered B's ping from $src, which it does not allow"
		fi
		grep -q '^3 packets transmitted, 0 received' <<<"$out" ||
			{ echo "$out"; fail "ping from $src: unexpected output"; }
		expect_eq "$(dev_stat al-a rx_errors)" $((rx_errors + 3)) "A's rx_errors after 3 pings from $src"
		echo "  3 packets from $src: dropped, A's rx_errors $rx_errors -> $((rx_errors + 3))"
	done
	expect_eq "$(delivered al-a spoofed)" 0 "packets from unallowed sources that A's zt0 delivered"
}

longest_prefix() {
	echo "(b) longest prefix"
	ping_ok al-a 10.1.0.3
	ping_ok al-a 10.2.0.2
	ping_ok al-a fd00:150:b:1::3
	ping_ok al-a fd00:150:b:2::2
	echo "  C answers at 10.1.0.3 and fd00:150:b:1::3, B at 10.2.0.2 and fd00:150:b:2::2"
	# B and C have sessions now: the probes are not held for a handshake.
	ping_ok al-b 192.168.150.1
	ping_ok al-c 192.168.150.1
	reset_probes al-b al-c
	send_probes al-a 10.1.99.99 10.1.255.1 fd00:150:b:1::99
	expect_probes 20 al-b=0 al-c=3
	send_probes al-a 10.2.99.99 10.200.0.1 10.0.0.1 fd00:150:b:2::99 fd00:150:b:ffff::1
	expect_probes 20 al-b=5 al-c=3
	echo "  probes to 10.1.x.y and fd00:150:b:1::/64 reach C, the rest of 10/8 and fd00:150:b::/48 B"
	cfg al-a set zt0 peer "${pubkey[al-c]}" allowed-ips fd00:150:b:1::/64
	reset_probes al-b al-c
	send_probes al-a 10.1.99.99 fd00:150:b:1::99
	expect_probes 20 al-b=1 al-c=1
	echo "  without C's 10.1.0.0/16, 10.1.99.99 reaches B"
	cfg al-a set zt0 peer "${pubkey[al-c]}" allowed-ips 10.1.0.0/16,fd00:150:b:1::/64
}

# unreachable DST: ping fails at once with zt0's ICMP error; tx_errors + 1.
unreachable() {
	local dst=$1 tx_errors out started elapsed
	tx_errors=$(dev_stat al-a tx_errors)
	started=$EPOCHREALTIME
	if out=$(in_ns al-a ping -c 1 -W 10 "$dst" 2>&1); then
		echo "$out"
		fail "ping to $dst, which no peer has, got a reply"
	fi
	elapsed=$(echo "$EPOCHREALTIME - $started" | bc)
	grep -Eq 'Destination (Host Unreachable|unreachable: Address unreachable)' <<<"$out" ||
		{ echo "$out"; fail "ping to $dst: no ICMP unreachable"; }
	awk -v e="$elapsed" 'BEGIN { exit !(e < 5) }' || fail "ping to $dst failed only after ${elapsed}s"
	expect_eq "$(dev_stat al-a tx_errors)" $((tx_errors + 1)) "A's tx_errors after a ping to $dst"
	echo "  $dst: $(grep -o 'Destination.*' <<<"$out" | head -n1) after ${elapsed}s, tx_errors +1"
}

no_peer() {
	echo "(c) no peer"
	unreachable 172.31.150.1
	unreachable fd00:150:f::1
}

# A's extra peers and prefixes, as a file for addconf: address 172.20.0.0 + k
# goes to B when k % 4 is 0 or 2, to C when it is 1, and to one of eight
# peers without an endpoint when it is 3.  A [Peer] section replaces that
# peer's allowed IPs, in addconf too, so B and C keep theirs explicitly.
big_config() {
	local fakes
	# Any 32 bytes that are not a low-order point make a public key.
	fakes=$(head -c $((8 * 33)) /dev/urandom | base64 -w 44 | head -n 8 |
		cut -c 1-42 | sed 's/$/A=/' | tr '\n' ' ')
	awk -v n="$prefixes" -v b="${pubkey[al-b]}" -v c="${pubkey[al-c]}" -v fakes="$fakes" '
	function addr(k) {
		return sprintf("172.%d.%d.%d/32", 20 + int(k / 65536), int(k / 256) % 256, k % 256)
	}
	function peer(key, keep, first, step,    k, line, count) {
		printf "[Peer]\nPublicKey = %s\n", key
		if (keep)
			printf "AllowedIPs = %s\n", keep
		for (k = first; k < n; k += step) {
			line = line (count ? "," : "") addr(k)
			if (++count == 256) {
				printf "AllowedIPs = %s\n", line
				line = ""
				count = 0
			}
		}
		if (count)
			printf "AllowedIPs = %s\n", line
		print ""
	}
	BEGIN {
		split(fakes, fake, " ")
		peer(b, "10.0.0.0/8,fd00:150:b::/48", 0, 2)
		peer(c, "10.1.0.0/16,fd00:150:b:1::/64", 1, 4)
		for (i = 0; i < 8; i++)
			peer(fake[i + 1], "", 3 + 4 * i, 32)
	}'
}

scale() {
	local conf=$ZTNET_TMP/big.conf seed k to_b=() to_c=() to_none=() dsts=() started loaded
	echo "(e) $prefixes prefixes"
	big_config >"$conf"
	started=$SECONDS
	cfg al-a addconf zt0 "$conf"
	loaded=$(cfg al-a show zt0 allowed-ips | grep -o '172\.2[01]\.[0-9.]*/32' | wc -l)
	expect_eq "$loaded" "$prefixes" "prefixes in 172.20.0.0/15 after addconf"
	echo "  addconf of $prefixes prefixes and 10 peers took $((SECONDS - started))s"
	seed=$RANDOM
	echo "  sampling $samples addresses with seed $seed"
	while read -r k; do
		case $((k % 4)) in
		0 | 2) to_b+=("$k") ;;
		1) to_c+=("$k") ;;
		3) to_none+=("$k") ;;
		esac
	done < <(awk -v n="$prefixes" -v s="$samples" -v seed="$seed" '
		BEGIN { srand(seed); while (i < s) { k = int(rand() * n); if (!(k in seen)) { seen[k]; print k; i++ } } }')
	for k in "${to_b[@]}" "${to_c[@]}" "${to_none[@]}"; do
		dsts+=("172.$((20 + k / 65536)).$((k / 256 % 256)).$((k % 256))")
	done
	# Before the probes start handshakes with peers that have no endpoint.
	unreachable 172.21.255.254
	ping_ok al-a 10.2.0.2
	ping_ok al-a 10.1.0.3
	reset_probes al-b al-c
	send_probes al-a "${dsts[@]}"
	expect_probes 60 al-b=${#to_b[@]} al-c=${#to_c[@]}
	echo "  ${#to_b[@]} probes reached B, ${#to_c[@]} C, ${#to_none[@]} to endpoint-less peers neither"
}

# in_order: lines "KEY PREFIX..." with each line's prefixes sorted, and
# the lines sorted, for a table and the one expected to compare alike.
# Two processes, where a pipeline per peer took seconds on the debug kernel.
in_order() {
	awk '{
		for (i = 3; i <= NF; i++)
			for (j = i; j > 2 && $(j - 1) > $j; j--) {
				t = $j
				$j = $(j - 1)
				$(j - 1) = t
			}
		$1 = $1
		print
	}' | sort
}

# held DEV TOOL: DEV's table in A, each peer's prefixes sorted, peers by key.
held() {
	in_ns al-a "$2" show "$1" allowed-ips | in_order
}

# zt_held: the same for A's zt0, with the tool of its kind.
zt_held() {
	local tool=ztnet
	[[ $kind_a == wireguard ]] && tool=wg
	held zt0 "$tool"
}

# expect_held B-PREFIXES C-PREFIXES WHAT: A's whole table, and the mirror's.
expect_held() {
	local want
	want=$(printf '%s %s\n' "${pubkey[al-b]}" "$1" "${pubkey[al-c]}" "$2" | in_order)
	expect_eq "$(zt_held)" "$want" "A's allowed IPs $3"
	[[ -z $mirror ]] || expect_eq "$(held wg150 wg)" "$want" "WireGuard's allowed IPs $3"
}

# incr ARGS...: `set zt0 ARGS...` on A, and on the mirror if there is one.
incr() {
	cfg al-a set zt0 "$@" || fail "set zt0 $*: refused"
	[[ -z $mirror ]] || in_ns al-a wg set wg150 "$@" || fail "wg set wg150 $*: refused"
}

# wg_takes_signs DEV: this wg and this kernel's WireGuard remove C's
# 10.1.0.0/16 from DEV with '-': an old wg refuses the item, an old kernel
# would add the prefix instead.  The caller gives it back.
wg_takes_signs() {
	in_ns al-a wg set "$1" peer "${pubkey[al-c]}" allowed-ips -10.1.0.0/16 2>/dev/null &&
		! in_ns al-a wg show "$1" allowed-ips | grep -q '10\.1\.0\.0/16'
}

# A WireGuard device of A with A's table, when this wg and kernel take
# signs and A is ztnet; mirror is then its name.
mirror=""
mirror_setup() {
	local c_ips="10.1.0.0/16,fd00:150:b:1::/64"
	[[ $kind_a == ztnet ]] && command -v wg >/dev/null || return 0
	modprobe wireguard 2>/dev/null || true
	ip -n al-a link add wg150 type wireguard 2>/dev/null || return 0
	in_ns al-a wg set wg150 peer "${pubkey[al-b]}" allowed-ips 10.0.0.0/8,fd00:150:b::/48 \
		peer "${pubkey[al-c]}" allowed-ips "$c_ips" || fail "wg set wg150"
	if wg_takes_signs wg150; then
		in_ns al-a wg set wg150 peer "${pubkey[al-c]}" allowed-ips "$c_ips"
		mirror=wg150
		echo "  $(wg --version | cut -d' ' -f1-2) takes + and -: WireGuard follows every step"
	else
		ip -n al-a link del wg150
		echo "  $(wg --version | cut -d' ' -f1-2) takes no + or -: ztnet against the documented rules alone"
	fi
}

# hex KEY: a base64 key in hex, as nlsend takes it.
hex() {
	base64 -d <<<"$1" | od -An -tx1 | tr -d ' \n'
}

# Requests that must change nothing: a bad item for the tool, an unknown
# allowed-IP flag and a valid removal before a bad peer for the kernel.
# shellcheck disable=SC1083 # nlsend's nests: "TYPE={" ... "}", each a word
incr_refused() {
	local out b c v4
	if out=$(cfg al-a set zt0 peer "${pubkey[al-c]}" allowed-ips -10.1.0.0/16 \
		peer "${pubkey[al-b]}" allowed-ips +10.42.0.0/16,+-10.0.0.0/8 2>&1); then
		fail "set with '+-10.0.0.0/8' was taken"
	fi
	echo "  $out"
	[[ $kind_a == wireguard ]] && return 0
	grep -qx "ztnet: invalid allowed IP: '+-10.0.0.0/8' (IP/CIDR, +IP/CIDR or -IP/CIDR)" <<<"$out" ||
		fail "set with '+-10.0.0.0/8': unexpected message"
	b=$(hex "${pubkey[al-b]}") c=$(hex "${pubkey[al-c]}") v4=0a2a0000
	nlsend_expect al-a "^error EINVAL: .+" set 2=str:zt0 8={ 1={ 1=hex:"$b" 9={ \
		1={ 1=u16:2 2=hex:$v4 3=u8:16 } 2={ 1=u16:2 2=hex:0a010000 3=u8:16 4=u32:2 } } } }
	nlsend_expect al-a "^error EINVAL: .+" set 2=str:zt0 8={ 1={ 1=hex:"$c" 9={ \
		1={ 1=u16:2 2=hex:0a010000 3=u8:16 4=u32:1 } } } 2={ 5=u16:25 } }
	nlsend_expect al-a "^error (EINVAL|ERANGE): .+" set 2=str:zt0 8={ 1={ 1=hex:"$c" 9={ \
		1={ 1=u16:2 2=hex:0a010000 3=u8:16 4=u16:1 } } } }
}

# C's 10.1.0.0/16 out and in again while A floods 10.1.0.3 with pings:
# lookups run on the nodes that the removals free.
incr_churn() {
	local flood
	[[ $kind_a == ztnet ]] || return 0
	in_ns al-a ping -q -f -w 120 10.1.0.3 >/dev/null 2>&1 &
	flood=$!
	# One shell in A's namespace runs them all: on the debug kernel,
	# ip netns exec's own process and mounts cost more than ztnet's.
	# shellcheck disable=SC2016  # expanded by the inner shell
	in_ns al-a sh -c 'i=0
		while [ $i -lt "$1" ]; do
			ztnet set zt0 peer "$3" allowed-ips -10.1.0.0/16 \
				peer "$2" allowed-ips +10.1.128.0/17 &&
			ztnet set zt0 peer "$2" allowed-ips -10.1.128.0/17 \
				peer "$3" allowed-ips +10.1.0.0/16 || exit 1
			i=$((i + 1))
		done' sh "$churn" "${pubkey[al-b]}" "${pubkey[al-c]}" ||
		fail "a change of the churn was refused"
	kill "$flood" 2>/dev/null || :
	wait "$flood" || :
	echo "  C's 10.1.0.0/16 removed and added again $churn times under a ping flood"
}

incremental() {
	local b=${pubkey[al-b]} c=${pubkey[al-c]} conf=$ZTNET_TMP/incr.conf
	local b_ips="10.0.0.0/8 fd00:150:b::/48" c_ips="10.1.0.0/16 fd00:150:b:1::/64"
	echo "(d) incremental allowed IPs"
	if [[ $kind_a == wireguard ]]; then
		wg_takes_signs zt0 || {
			cfg al-a set zt0 peer "$c" allowed-ips "${c_ips// /,}"
			echo "  skipped: A is WireGuard, and this wg or kernel takes no + or -"
			return 0
		}
		cfg al-a set zt0 peer "$c" allowed-ips "${c_ips// /,}"
	fi
	mirror_setup
	incr peer "$c" allowed-ips -10.1.0.0/16,+10.9.0.0/16
	expect_held "$b_ips" "fd00:150:b:1::/64 10.9.0.0/16" "after -10.1.0.0/16,+10.9.0.0/16 for C"
	reset_probes al-b al-c
	send_probes al-a 10.1.99.99 10.9.0.1
	expect_probes 20 al-b=1 al-c=1
	echo "  C's 10.1.0.0/16 went (10.1.99.99 reaches B), its 10.9.0.0/16 came (10.9.0.1 reaches C)"
	incr peer "$c" allowed-ips -10.0.0.0/8,-fd00:150:b::/48,-10.9.0.0/24,-10.8.0.0/15,-10.200.0.0/16,-fd00:150:b:1::/65
	expect_held "$b_ips" "fd00:150:b:1::/64 10.9.0.0/16" "after removals of B's, inner, outer and absent prefixes"
	incr peer "$c" allowed-ips -10.9.255.1/16
	expect_held "$b_ips" "fd00:150:b:1::/64" "after -10.9.255.1/16 (host bits)"
	incr peer "$c" allowed-ips +10.7.0.0/16,-10.7.0.0/16,-10.1.0.0/16,10.1.0.0/16
	expect_held "$b_ips" "$c_ips" "after +10.7.0.0/16,-10.7.0.0/16,-10.1.0.0/16,10.1.0.0/16"
	incr peer "$c" allowed-ips +10.0.0.0/8 peer "$b" allowed-ips -10.0.0.0/8
	expect_held "fd00:150:b::/48" "10.0.0.0/8 $c_ips" "after B's 10.0.0.0/8 moved to C and B's '-' of it"
	incr peer "$c" allowed-ips -10.0.0.0/8 peer "$b" allowed-ips +10.0.0.0/8
	expect_held "$b_ips" "$c_ips" "after 10.0.0.0/8 moved back"
	incr peer "$c" allowed-ips 10.2.0.0/16 allowed-ips +10.5.0.0/16
	expect_held "$b_ips" "10.2.0.0/16 10.5.0.0/16 $c_ips" "after allowed-ips 10.2.0.0/16 allowed-ips +10.5.0.0/16"
	incr peer "$c" allowed-ips +10.6.0.0/16 allowed-ips 10.1.0.0/16,fd00:150:b:1::/64
	expect_held "$b_ips" "10.6.0.0/16 $c_ips" "after an unsigned allowed-ips last (it replaces)"
	printf '[Peer]\nPublicKey = %s\nAllowedIPs = -10.6.0.0/16, +10.3.0.0/16\n' "$c" >"$conf"
	cfg al-a addconf zt0 "$conf"
	[[ -z $mirror ]] || in_ns al-a wg addconf wg150 "$conf"
	expect_held "$b_ips" "10.3.0.0/16 $c_ips" "after addconf of AllowedIPs = -10.6.0.0/16, +10.3.0.0/16"
	incr peer "$c" allowed-ips "${c_ips// /,}"
	incr_refused
	expect_held "$b_ips" "$c_ips" "after the refused requests"
	incr_churn
	expect_held "$b_ips" "$c_ips" "after the churn"
	[[ -z $mirror ]] || ip -n al-a link del wg150
	echo "  every table as documented${mirror:+, and WireGuard has the same}"
}

setup_kind "$kind_a"
setup_kind "$kind_b"
setup_kind "$kind_c"
echo "A: $kind_a, B: $kind_b, C: $kind_c"
topology
# A speaks first: the spokes have no endpoint for it.
ping_ok al-a 10.2.0.2
ping_ok al-b 192.168.150.1
ping_ok al-b fd00:150::1
source_check
longest_prefix
no_peer
incremental
scale
ztnet_cleanup
unload_ztnet
