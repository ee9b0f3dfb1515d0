# SPDX-License-Identifier: GPL-2.0
#
# ztnet: the ztnet.ko module and the ztnet(8) tool.
#
#   make                 module for the running kernel, and the tool
#   make KDIR=<dir>      module for another kernel's build tree
#   make check           everything CI runs (installs what it needs as root)
#   make demo            alpha and bravo on ztnet, charlie on WireGuard, in a VM
#   make bench           iperf3 over veth, WireGuard and ztnet, in a VM
#   KERNEL=6.12          for demo and bench: the VM's Debian kernel (default 6.1)
#
# The top-level Kbuild is only read by the kernel's build system, which this
# Makefile calls with M= pointing here.

VERSION := $(shell sed -n 's/^\#define ZTNET_VERSION "\(.*\)"/\1/p' kernel/version.h)
KDIR ?= /lib/modules/$(shell uname -r)/build
# The release the build tree is for, which is where the module installs.
KVER = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$(KDIR)/include/generated/utsrelease.h")
# The headers have no signing key and no System.map: install unsigned and
# run depmod ourselves.
KBUILD_INSTALL = INSTALL_MOD_PATH="$(DESTDIR)" INSTALL_MOD_DIR=extra \
	CONFIG_MODULE_SIG_ALL= CONFIG_DEBUG_INFO_BTF_MODULES=
PREFIX ?= /usr
DESTDIR ?=
DKMS_SRC := $(DESTDIR)/usr/src/ztnet-$(VERSION)

all: module tools

module:
	@test -d "$(KDIR)" || { echo "ztnet: no kernel build tree at $(KDIR); install the headers or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" CONFIG_DEBUG_INFO_BTF_MODULES= modules

module-clean:
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean

tools:
	$(MAKE) -C tools

install: module tools
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" $(KBUILD_INSTALL) modules_install
	depmod -b "$(or $(DESTDIR),/)" "$(KVER)"
	$(MAKE) -C tools install PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"

uninstall:
	rm -f "$(DESTDIR)/lib/modules/$(KVER)/extra/kernel/ztnet.ko"*
	-depmod -b "$(or $(DESTDIR),/)" "$(KVER)"
	$(MAKE) -C tools uninstall PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"

dkms-install:
	rm -rf "$(DKMS_SRC)"
	mkdir -p "$(DKMS_SRC)/kernel"
	cp -a Kbuild Makefile dkms.conf "$(DKMS_SRC)/"
	cp -a kernel/Kbuild kernel/*.c kernel/*.h kernel/uapi "$(DKMS_SRC)/kernel/"
	rm -f "$(DKMS_SRC)"/kernel/*.mod.c
	@echo "ztnet: sources in $(DKMS_SRC); now: dkms install ztnet/$(VERSION)"

dkms-uninstall:
	-dkms remove ztnet/$(VERSION) --all
	rm -rf "$(DKMS_SRC)"

unit:
	$(MAKE) -C selftests/unit run

fuzz:
	$(MAKE) -C selftests/fuzz run

lint:
	selftests/lint

check:
	selftests/check

# Each boots a QEMU VM; selftests/demo/run lists their settings
# (DEMO_DEVICE, BENCH_TIME, BENCH_RUNS).
KERNEL ?= 6.1

demo:
	@selftests/demo/run --kernel "$(KERNEL)" demo

bench:
	@selftests/demo/run --kernel "$(KERNEL)" bench

clean:
	-$(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean 2>/dev/null
	$(MAKE) -C tools clean
	-$(MAKE) -C selftests/unit clean
	rm -rf build

.PHONY: all module module-clean tools install uninstall dkms-install \
	dkms-uninstall unit fuzz lint check demo bench clean
