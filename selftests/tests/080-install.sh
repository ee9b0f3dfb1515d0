#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What "make install" staged (selftests/install, on the host) loads with
# modprobe by name, and the installed tool works with it.
. "$ZTNET_REPO/selftests/lib.sh"

root=$ZTNET_REPO/build/install/$(uname -r)
[[ -d $root ]] || skip "nothing staged in $root: run selftests/install first"

unload_ztnet
# The staging root holds no kernel modules but ours.
load_ztnet_deps
modprobe -d "$root" ztnet || fail "modprobe ztnet from the staged install failed"
ns_add inst-a
ip -n inst-a link add zt0 type ztnet
expect_eq "$(in_ns inst-a "$root/usr/bin/ztnet" show interfaces)" "zt0" "installed ztnet show"
modprobe -d "$root" -r ztnet || fail "modprobe -r ztnet failed"
expect_fail grep -q '^ztnet ' /proc/modules
