// SPDX-License-Identifier: GPL-2.0
/*
 * The systemd units of systemd/, through `systemd-analyze verify`, which
 * must say nothing at all: it exits 0 even for a line it ignores.  The
 * units name /usr/bin/ztnet, which verify wants to exist, so a copy that
 * names the tree's tools/ztnet is verified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"

#define DIR "/tmp/ztnet-unit-units"

static bool verifies(const char *unit, const char *instance)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "rm -rf " DIR " && mkdir -p " DIR " && "
		 "sed 's|/usr/bin/ztnet|" ZTNET_REPO_ROOT "/tools/ztnet|' "
		 ZTNET_REPO_ROOT "/systemd/%s >" DIR "/%s && "
		 "out=$(cd " DIR " && systemd-analyze verify --man=no " DIR "/%s 2>&1) && "
		 "{ [ -z \"$out\" ] || { printf '# %%s\\n' \"$out\"; false; }; }",
		 unit, unit, instance);
	return system(cmd) == 0;
}

static bool monitor_unit(void)
{
	if (system("command -v systemd-analyze >/dev/null") != 0)
		return test_skip("no systemd-analyze");
	if (access(ZTNET_REPO_ROOT "/tools/ztnet", X_OK) != 0)
		return test_skip("tools/ztnet is not built");
	CHECK(verifies("ztnet-monitor@.service", "ztnet-monitor@zt0.service"));
	return true;
}

static const struct test_case cases[] = {
	{ "ztnet-monitor@.service passes systemd-analyze verify", monitor_unit },
};

TEST_SUITE(units_suite, "units", cases);
