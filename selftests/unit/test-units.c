// SPDX-License-Identifier: GPL-2.0
/*
 * The systemd units of systemd/, through `systemd-analyze verify`, which
 * must say nothing at all: it exits 0 even for a line it ignores.  The
 * units name /usr/bin/ztnet, which verify wants to exist, so a copy that
 * names the tree's tools/ztnet (every mention, the one inside ztnet@'s
 * bash -c included) is verified.
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
		 "sed 's|/usr/bin/ztnet|" ZTNET_REPO_ROOT "/tools/ztnet|g' "
		 ZTNET_REPO_ROOT "/systemd/%s >" DIR "/%s && "
		 "out=$(cd " DIR " && systemd-analyze verify --man=no " DIR "/%s 2>&1) && "
		 "{ [ -z \"$out\" ] || { printf '# %%s\\n' \"$out\"; false; }; }",
		 unit, unit, instance);
	return system(cmd) == 0;
}

/* Why verify cannot run here, or NULL. */
static const char *cannot_verify(void)
{
	if (system("command -v systemd-analyze >/dev/null") != 0)
		return "no systemd-analyze";
	if (access(ZTNET_REPO_ROOT "/tools/ztnet", X_OK) != 0)
		return "tools/ztnet is not built";
	return NULL;
}

static bool monitor_unit(void)
{
	const char *why = cannot_verify();

	if (why)
		return test_skip(why);
	CHECK(verifies("ztnet-monitor@.service", "ztnet-monitor@zt0.service"));
	return true;
}

/* ExecReload's /bin/bash must be there too, as on every systemd host. */
static bool quick_unit(void)
{
	const char *why = cannot_verify();

	if (why)
		return test_skip(why);
	if (access("/bin/bash", X_OK) != 0)
		return test_skip("no /bin/bash");
	CHECK(verifies("ztnet@.service", "ztnet@zt0.service"));
	return true;
}

static const struct test_case cases[] = {
	{ "ztnet-monitor@.service passes systemd-analyze verify", monitor_unit },
	{ "ztnet@.service passes systemd-analyze verify", quick_unit },
};

TEST_SUITE(units_suite, "units", cases);
