#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ztnet up and ztnet down, wg-quick's commands, from wg-quick files:
#
#   tunnel    two namespaces joined by a veth (MTU 1400) each bring a
#             device up from a file: A (by name, through ZTNET_CONFIG_DIR)
#             with two addresses, an automatic MTU (1320) and hooks (its
#             PostDown reads $INTERFACE), B (by path) as a full tunnel
#             with MTU 1380.  Addresses, MTUs,
#             routes (a covered allowed IP gets none), B's fwmark, rules,
#             table and sysctl are as wg-quick makes them; A and B ping
#             each other over IPv4 and IPv6; --dry-run printed the plan.
#   save      ztnet save writes A's file back from the running device.
#   down      takes both down: the hooks ran, and nothing is left (links,
#             routes, rules, the sysctl, the state files).
#   failure   an up whose PostUp fails, and one whose route exists, each
#             say one line, exit non-zero and leave nothing behind.
#   wg-quick  where WireGuard is available, each file brought up by
#             ztnet and by wg-quick in the same namespace leaves the same
#             addresses, MTU, routes, rules, fwmark and sysctl.
. "$ZTNET_REPO/selftests/lib.sh"
userland_only

load_ztnet
ns_add upa
ns_add upb
veth_pair upa va 172.16.185.1/24 upb vb 172.16.185.2/24
ip -n upa link set va mtu 1400
ip -n upb link set vb mtu 1400

umask 077
etc=$ZTNET_TMP/etc
mkdir -p "$etc"
export ZTNET_CONFIG_DIR=$etc
hooks=$ZTNET_TMP/hooks
ka=$(ztnet genkey) kb=$(ztnet genkey)
pa=$(ztnet pubkey <<<"$ka") pb=$(ztnet pubkey <<<"$kb")

cat >"$etc/zta.conf" <<EOF
[Interface]
PrivateKey = $ka
ListenPort = 51850
Address = 10.185.0.1/24, fd85::1/64
PreUp = echo preup %i >>$hooks
PostUp = cat <(echo postup %i) >>$hooks
PreDown = echo predown %i >>$hooks
PostDown = echo postdown \$INTERFACE >>$hooks

[Peer]
PublicKey = $pb
Endpoint = 172.16.185.2:51851
AllowedIPs = 10.185.0.2/32, fd85::2/128, 10.186.0.0/16
EOF

cat >"$ZTNET_TMP/ztb.conf" <<EOF
[Interface]
PrivateKey = $kb
ListenPort = 51851
Address = 10.185.0.2/24, fd85::2/64
MTU = 1380

[Peer]
PublicKey = $pa
Endpoint = 172.16.185.1:51850
AllowedIPs = 0.0.0.0/0, ::/0
EOF

# state_files IF: the state files of devices called IF, in any namespace.
state_files() {
	find /run/ztnet -name "$1.state" 2>/dev/null || true
}

# leftovers NS: what a device of ours could have left in NS.
leftovers() {
	ip -n "$1" -o link show | grep -E 'zt[a-z]|wgc' || true
	ip -n "$1" -4 rule show | grep -v -E 'lookup (local|main|default)$' || true
	ip -n "$1" -6 rule show | grep -v -E 'lookup (local|main)$' || true
	ip -n "$1" route show table all | grep -E 'zt[a-z]|wgc|table 5182' || true
	ip -n "$1" -6 route show table all | grep -E 'zt[a-z]|wgc|table 5182' || true
}

say "dry run"
plan=$(in_ns upa ztnet up --dry-run zta)
expect_eq "$plan" "link zta
hook PreUp echo preup zta >>$hooks
addconf
address 10.185.0.1/24
address fd85::1/64
mtu 1320
up
route fd85::2/128 table main covered
route 10.185.0.2/32 table main covered
route 10.186.0.0/16 table main
hook PostUp cat <(echo postup zta) >>$hooks" "the plan of zta"
[[ ! -e $hooks ]] || fail "--dry-run ran a hook"
[[ -z $(ip -n upa -o link show zta 2>/dev/null) ]] || fail "--dry-run made the device"

say "up"
in_ns upa ztnet up zta
in_ns upb ztnet up "$ZTNET_TMP/ztb.conf"
expect_eq "$(cat "$hooks")" "preup zta
postup zta" "the up hooks"

expect_eq "$(ip -n upa -o addr show dev zta | awk '$4 !~ /^fe80/ {print $4}' | sort)" \
	"10.185.0.1/24
fd85::1/64" "zta's addresses"
expect_eq "$(ip -n upa -o link show zta | grep -o 'mtu [0-9]*')" "mtu 1320" \
	"zta's MTU, from the endpoint's route"
expect_eq "$(ip -n upb -o link show ztb | grep -o 'mtu [0-9]*')" "mtu 1380" "ztb's MTU"
[[ $(ip -n upa -o link show zta) == *"<"*UP*">"* ]] || fail "zta is not up"
expect_eq "$(ip -n upa route show dev zta | sed 's/ *$//' | sort)" \
	"10.185.0.0/24 proto kernel scope link src 10.185.0.1
10.186.0.0/16 scope link" "zta's routes (10.185.0.2/32 is covered)"
expect_eq "$(ip -n upa -6 route show dev zta | awk '/^fd85::2/')" "" \
	"routes for fd85::2/128, which fd85::/64 covers"

say "full tunnel"
expect_eq "$(in_ns upb ztnet show ztb fwmark)" "0xca6c" "ztb's fwmark"
for family in -4 -6; do
	rules=$(ip -n upb "$family" rule show)
	[[ $rules == *"not from all fwmark 0xca6c lookup 51820"* ]] ||
		fail "ip $family rule: no 'not fwmark' rule: $rules"
	[[ $rules == *"from all lookup main suppress_prefixlength 0"* ]] ||
		fail "ip $family rule: no suppress_prefixlength rule: $rules"
	expect_eq "$(ip -n upb "$family" route show table 51820 | awk '{print $1, $2, $3}')" \
		"default dev ztb" "ip $family route show table 51820"
done
expect_eq "$(in_ns upb sysctl -n net.ipv4.conf.all.src_valid_mark)" 1 "src_valid_mark in upb"
expect_eq "$(in_ns upa sysctl -n net.ipv4.conf.all.src_valid_mark)" 0 "src_valid_mark in upa"
[[ -n $(state_files zta) && -n $(state_files ztb) ]] ||
	fail "no state files: $(find /run/ztnet -name '*.state')"
# Outside PID 1's namespace, a namespace's state is kept apart.
if stat -L /proc/1/ns/net >/dev/null 2>&1; then
	# The namespace's cookie (SO_NETNS_COOKIE, 71), as the tool names it.
	cookie=$(in_ns upa python3 -c 'import socket, struct
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])')
	expect_eq "$(state_files zta)" "/run/ztnet/netns-$cookie/zta.state" "zta's state file"
fi

say "ping"
wait_for 10 "ping zta -> ztb" ping_once upa 10.185.0.2
ping_once upb 10.185.0.1 || fail "no ping ztb -> zta"
# An address may still be tentative (duplicate address detection).
wait_for 10 "IPv6 ping ztb -> zta" ping_once upb fd85::1
wait_for 10 "IPv6 ping zta -> ztb" ping_once upa fd85::2

say "save"
cp "$etc/zta.conf" "$ZTNET_TMP/zta.orig"
in_ns upa ztnet save zta
saved=$(cat "$etc/zta.conf")
for line in "Address = 10.185.0.1/24" "Address = fd85::1/64" "ListenPort = 51850" \
	"PrivateKey = $ka" "PublicKey = $pb" "PreDown = echo predown %i >>$hooks" \
	"Endpoint = 172.16.185.2:51851"; do
	grep -qxF "$line" <<<"$saved" || fail "saved file has no '$line': $saved"
done
[[ $(head -n1 <<<"$saved") == "[Interface]" ]] || fail "saved file: $saved"
[[ $(stat -c %a "$etc/zta.conf") == 600 ]] || fail "saved file is not mode 600"
cp "$ZTNET_TMP/zta.orig" "$etc/zta.conf"

say "down"
in_ns upa ztnet down "$etc/zta.conf"
in_ns upb ztnet down "$ZTNET_TMP/ztb.conf"
expect_eq "$(cat "$hooks")" "preup zta
postup zta
predown zta
postdown zta" "the hooks"
for ns in upa upb; do
	expect_eq "$(leftovers $ns)" "" "left in $ns after down"
done
expect_eq "$(in_ns upb sysctl -n net.ipv4.conf.all.src_valid_mark)" 0 \
	"src_valid_mark back to what it was"
expect_eq "$(find /run/ztnet -name '*.state' 2>/dev/null)" "" "state files after down"
if err=$(in_ns upa ztnet down zta 2>&1); then
	fail "a second down succeeded"
fi
[[ $err == "ztnet: 'zta' was not brought up by ztnet up"* ]] || fail "second down said: $err"

say "failing up"
sed 's/^MTU = 1380$/PostUp = exit 3/' "$ZTNET_TMP/ztb.conf" >"$etc/ztf.conf"
if err=$(in_ns upb ztnet up ztf 2>&1 >/dev/null); then
	fail "an up whose PostUp fails succeeded"
fi
expect_eq "$err" "ztnet: PostUp hook failed (status 3): exit 3" "the failing up's error"
expect_eq "$(leftovers upb)" "" "left after a failed up"
expect_eq "$(in_ns upb sysctl -n net.ipv4.conf.all.src_valid_mark)" 0 \
	"src_valid_mark after a failed up"
expect_eq "$(state_files ztf)" "" "a failed up's state file"

ip -n upb route add 10.187.0.0/16 dev vb
sed 's|^AllowedIPs = .*|AllowedIPs = 10.187.0.0/16, 0.0.0.0/0|' "$ZTNET_TMP/ztb.conf" >"$etc/ztg.conf"
if err=$(in_ns upb ztnet up ztg 2>&1 >/dev/null); then
	fail "an up whose route exists succeeded"
fi
[[ $err == "ztnet: cannot add the route 10.187.0.0/16 on ztg: "* && $err != *$'\n'* ]] ||
	fail "the failing route's error: '$err'"
expect_eq "$(leftovers upb)" "" "left after an up whose route failed"
ip -n upb route del 10.187.0.0/16 dev vb

if ! ip link add ztnet-wgprobe type wireguard 2>/dev/null || ! command -v wg-quick >/dev/null; then
	say "no WireGuard or wg-quick: not compared with wg-quick"
	exit 0
fi
ip link del ztnet-wgprobe

# snapshot NS IF: what up made, with the device's name as IF.
snapshot() {
	{
		ip -n "$1" -o addr show dev "$2" | awk '$4 !~ /^fe80/ {print $3, $4}'
		ip -n "$1" -o link show dev "$2" | grep -o 'mtu [0-9]*' || true
		ip -n "$1" -4 route show table all |
			grep -v -E '^(local|broadcast|multicast) ' || true
		ip -n "$1" -6 route show table all |
			grep -v -E '^(local|anycast|multicast) |^fe80::/64 |^ff00::/8 ' || true
		ip -n "$1" -4 rule show
		ip -n "$1" -6 rule show
		in_ns "$1" sysctl -n net.ipv4.conf.all.src_valid_mark
	} | sed -e "s/\\b$2\\b/IF/g" -e 's/ *$//'
}

say "compared with wg-quick"
ns_add upc
veth_pair upc vc0 172.16.185.1/24 upc vc1 -
ip -n upc link set vc0 mtu 1400
mkdir -p "$ZTNET_TMP/cmp"
for conf in "$ZTNET_TMP/zta.orig" "$ZTNET_TMP/ztb.conf"; do
	grep -v -E '^(Pre|Post)(Up|Down)' "$conf" >"$ZTNET_TMP/cmp/ztc.conf"
	cp "$ZTNET_TMP/cmp/ztc.conf" "$ZTNET_TMP/cmp/wgc.conf"
	before=$(leftovers upc)
	in_ns upc ztnet up "$ZTNET_TMP/cmp/ztc.conf"
	ours=$(snapshot upc ztc)
	mark=$(in_ns upc ztnet show ztc fwmark)
	in_ns upc ztnet down "$ZTNET_TMP/cmp/ztc.conf"
	expect_eq "$(leftovers upc)" "$before" "left after ztnet down of ${conf##*/}"
	# The debug kernel's nftables lacks what wg-quick's full tunnel uses.
	if ! out=$(in_ns upc wg-quick up "$ZTNET_TMP/cmp/wgc.conf" 2>&1); then
		[[ $out == *"Operation not supported"* ]] || fail "wg-quick up ${conf##*/}: $out"
		say "this kernel's nftables refuses wg-quick's rules: ${conf##*/} not compared"
		continue
	fi
	theirs=$(snapshot upc wgc)
	expect_eq "$mark" "$(in_ns upc wg show wgc fwmark)" "fwmark of ${conf##*/}, ztnet and wg-quick"
	in_ns upc wg-quick down "$ZTNET_TMP/cmp/wgc.conf"
	in_ns upc sysctl -q net.ipv4.conf.all.src_valid_mark=0
	expect_eq "$ours" "$theirs" "${conf##*/} brought up by ztnet and by wg-quick"
done
