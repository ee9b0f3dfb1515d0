#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "ztnet show" lists exactly the ztnet devices of the caller's namespace.
. "$ZTNET_REPO/selftests/lib.sh"

load_ztnet
ns_add show-a
ns_add show-b

expect_eq "$(in_ns show-a ztnet show interfaces)" "" "interfaces in an empty namespace"
expect_eq "$(in_ns show-a ztnet show)" "" "show in an empty namespace"

ip -n show-a link add zt0 type ztnet
ip -n show-a link add zt1 type ztnet
ip -n show-a link add dummy0 type dummy
ip -n show-b link add ztb type ztnet

expect_eq "$(in_ns show-a ztnet show interfaces)" "zt0 zt1" "interfaces of show-a"
expect_eq "$(in_ns show-b ztnet show interfaces)" "ztb" "interfaces of show-b"
expect_eq "$(in_ns show-a ztnet show zt1)" "interface: zt1" "show zt1"
expect_eq "$(in_ns show-a ztnet)" "$(in_ns show-a ztnet show all)" "ztnet with no command"
[[ $(in_ns show-a ztnet show all) == *"interface: zt0"*"interface: zt1"* ]] ||
	fail "show all does not list zt0 and zt1"

# Many devices span several netlink messages and still come back in full.
for i in $(seq 1 300); do
	echo "link add zt-many$i type ztnet"
done | ip -n show-b -batch -
count=$(in_ns show-b ztnet show interfaces | wc -w)
expect_eq "$count" 301 "devices listed after adding 300"
unload_ztnet
