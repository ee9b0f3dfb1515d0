// SPDX-License-Identifier: GPL-2.0
/* ztnet showconf: a device's configuration, ready for `ztnet setconf`. */
#include "command.h"
#include "confprint.h"
#include "exitcode.h"
#include "query.h"
#include "value.h"

static int run_showconf(int argc, char *argv[])
{
	struct ztnet_device dev;
	int ret;

	if (argc != 2)
		return ztnet_usage_error(&ztnet_cmd_showconf);
	ret = ztnet_check_ifname(argv[1]);
	if (ret == ZTNET_EXIT_OK)
		ret = ztnet_query_device(argv[1], &dev);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ztnet_conf_print(stdout, &dev);
	ztnet_device_wipe(&dev);
	return ZTNET_EXIT_OK;
}

const struct ztnet_command ztnet_cmd_showconf = {
	.name = "showconf",
	.args = "<interface>",
	.summary = "print a device's configuration in the setconf format",
	.run = run_showconf,
};
