#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own YNL client, tools/net/ynl/cli.py of Linux 6.12, drives a
# live ztnet with Documentation/netlink/specs/ztnet.yaml, as netlink.rst
# shows: it lists the devices, reads one with its peer, changes the listen
# port and the policy's mode (which ztnet then shows), and, subscribed to
# the events group, hears the commit of that policy.  The client is
# unpacked on the host by selftests/vm/run (ynl-spec-check --unpack).
. "$ZTNET_REPO/selftests/lib.sh"
userland_only

tree=$ZTNET_REPO/build/ynl/linux-source-6.12
[[ -e $tree/tools/net/ynl/cli.py ]] ||
	skip "no YNL client in $tree (Debian's linux-source-6.12)"
python3 -c 'import yaml, jsonschema' 2>/dev/null ||
	skip "python3-yaml or python3-jsonschema is missing"

# ynl ARGS...: cli.py in the namespace, with the spec and YNL's schema.
ynl() {
	in_ns yn python3 "$tree/tools/net/ynl/cli.py" \
		--spec "$ZTNET_REPO/Documentation/netlink/specs/ztnet.yaml" \
		--schema "$tree/Documentation/netlink/genetlink-legacy.yaml" \
		--output-json "$@"
}

# json_get EXPR: EXPR, Python over the JSON on stdin as j, printed.  In
# it, elem(E) is an element of an indexed-array, which cli.py gives as
# {index: attributes}.
json_get() {
	python3 -c 'import json, sys
def elem(e):
    return next(iter(e.values()))
j = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}

load_ztnet
ns_add yn
ip -n yn link add zt0 type ztnet
(umask 077 && ztnet genkey >"$ZTNET_TMP/key")
peer=$(ztnet genkey | ztnet pubkey)
peer_hex=$(base64 -d <<<"$peer" | od -An -tx1 | tr -d ' \n')
in_ns yn ztnet set zt0 private-key "$ZTNET_TMP/key" listen-port 51860 \
	peer "$peer" allowed-ips 10.186.0.2/32

say "dump get-device"
expect_eq "$(ynl --dump get-device | json_get '[d["ifname"] for d in j]')" \
	"['zt0']" "the devices cli.py lists"
one=$(ynl --dump get-device --json '{"ifname": "zt0"}')
expect_eq "$(json_get 'j[0]["listen-port"]' <<<"$one")" 51860 "cli.py's listen port"
expect_eq "$(json_get 'elem(j[0]["peers"][0])["public-key"]' <<<"$one")" "$peer_hex" \
	"cli.py's peer key"
expect_eq "$(json_get '[(elem(a)["family"], elem(a)["cidr-mask"]) for a in elem(j[0]["peers"][0])["allowedips"]]' <<<"$one")" \
	"[(2, 32)]" "cli.py's allowed IP"

say "do set-device"
ynl --do set-device --json '{"ifname": "zt0", "listen-port": 51861}' >/dev/null
expect_eq "$(in_ns yn ztnet show zt0 listen-port)" 51861 "the port cli.py set"

say "subscribe events"
# Linux 6.12's cli.py cannot take an event in the middle of a --do (it
# finds no operation for it), so one cli.py listens for 20 s while
# another commits the policy, every second until the listener is done:
# the listener's start-up, spec and schema included, takes its time.
ynl --subscribe events --sleep 20 >"$ZTNET_TMP/events" &
listener=$!
for _ in $(seq 60); do
	kill -0 "$listener" 2>/dev/null || break
	ynl --do set-device --json '{"ifname": "zt0", "policy": {"mode": "audit"}}' >/dev/null
	sleep 1
done
wait "$listener" || fail "cli.py --subscribe failed"
expect_eq "$(in_ns yn ztnet show zt0 --json | json_get 'j["interfaces"][0]["policy"]["mode"]')" \
	audit "the mode cli.py set"
expect_eq "$(json_get 'sorted({(e["msg"]["type"], e["msg"]["ifname"]) for e in j})' <"$ZTNET_TMP/events")" \
	"[('policy-commit', 'zt0')]" "the events cli.py heard"
