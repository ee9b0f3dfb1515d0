#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Each error of ztnet(8) gives one clear line and its documented exit status:
# 2 usage, 3 malformed key, 4 module not loaded, 5 no such device,
# 6 not permitted.
. "$ZTNET_REPO/selftests/lib.sh"
once_per_release

# expect_status STATUS PATTERN CMD...: exit STATUS and one stderr line
# matching PATTERN.
expect_status() {
	local want=$1 pattern=$2 status=0 err

	shift 2
	err=$("$@" 2>&1 >/dev/null) || status=$?
	expect_eq "$status" "$want" "exit status of '$*'"
	expect_eq "$(wc -l <<<"$err")" 1 "stderr lines of '$*'"
	[[ $err =~ $pattern ]] || fail "'$*' said '$err', expected /$pattern/"
}

unload_ztnet
expect_status 4 "not loaded" ztnet show zt0
expect_status 4 "not loaded" ztnet showconf zt0
expect_status 4 "not loaded" ztnet set zt0 listen-port 1
# Listing needs no module, as wg's does: no device, nothing said, 0.
for args in "" interfaces; do
	# shellcheck disable=SC2086  # no word, or one
	out=$(ztnet show $args 2>&1) || fail "'ztnet show $args' failed without the module: $out"
	expect_eq "$out" "" "what 'ztnet show $args' says without the module"
done

load_ztnet
ns_add err-a
ip -n err-a link add dummy0 type dummy
ip -n err-a link add zt0 type ztnet

expect_status 5 "no such.*nosuch" in_ns err-a ztnet show nosuch
expect_status 5 "dummy0" in_ns err-a ztnet show dummy0
expect_status 2 "invalid command: .frobnicate." ztnet frobnicate
expect_status 3 "malformed key" ztnet pubkey <<<"not-a-key"
expect_status 3 "malformed key" ztnet pubkey <<<"$(head -c 31 /dev/urandom | base64)"
expect_status 3 "malformed key" ztnet pubkey </dev/null

# Reading a device's configuration needs CAP_NET_ADMIN in its namespace.
expect_status 6 "not permitted" in_ns err-a setpriv --reuid=65534 --regid=65534 --clear-groups ztnet show zt0
expect_status 6 "not permitted" in_ns err-a setpriv --reuid=65534 --regid=65534 --clear-groups ztnet show

ztnet --help | grep -q genkey || fail "--help does not list genkey"
ztnet show --help | grep -q interfaces || fail "show --help does not mention interfaces"
unload_ztnet
