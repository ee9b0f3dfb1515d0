// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet setconf, addconf and syncconf: apply a configuration file in the
 * format of wg(8), replacing the device's configuration, adding to it, or
 * bringing it in line while leaving unchanged peers alone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "command.h"
#include "conf.h"
#include "endpoint.h"
#include "err.h"
#include "exitcode.h"
#include "fdio.h"
#include "key.h"
#include "query.h"
#include "sync.h"
#include "value.h"

enum conf_mode { CONF_SET, CONF_ADD, CONF_SYNC };

int ztnet_read_config(const char *path, bool append, struct ztnet_device *dev)
{
	struct ztnet_parse_error err;
	char *text;
	size_t len;
	bool ok;

	if (!ztnet_read_file(path, &text, &len)) {
		ztnet_err("cannot read %s: %s", path, strerror(errno));
		return ZTNET_EXIT_FAILURE;
	}
	ok = ztnet_conf_parse(text, len, append, dev, &err);
	ztnet_wipe(text, len);
	free(text);
	if (!ok) {
		ztnet_parse_error_print(&err);
		return err.status;
	}
	return ZTNET_EXIT_OK;
}

static int sync_with_kernel(struct ztnet_nl *nl, struct ztnet_device *dev)
{
	struct ztnet_device runtime;
	int ret;

	ret = ztnet_query_device_nl(nl, dev->ifname, &runtime);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ztnet_sync_plan(dev, &runtime);
	ztnet_device_wipe(&runtime);
	return ZTNET_EXIT_OK;
}

static int send_config(struct ztnet_device *dev, enum conf_mode mode)
{
	struct ztnet_nl nl;
	int ret;

	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	if (mode == CONF_SYNC)
		ret = sync_with_kernel(&nl, dev);
	if (ret == ZTNET_EXIT_OK)
		ret = ztnet_apply_nl(&nl, dev);
	ztnet_nl_close(&nl);
	return ret;
}

static int run_conf(const struct ztnet_command *cmd, enum conf_mode mode,
		    int argc, char *argv[])
{
	struct ztnet_device dev;
	int ret;

	if (argc != 3)
		return ztnet_usage_error(cmd);
	ret = ztnet_check_ifname(argv[1]);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = ztnet_read_config(argv[2], mode == CONF_ADD, &dev);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	strcpy(dev.ifname, argv[1]);
	ret = ztnet_resolve_endpoints(&dev);
	if (ret == ZTNET_EXIT_OK)
		ret = send_config(&dev, mode);
	ztnet_device_wipe(&dev);
	return ret;
}

static int run_setconf(int argc, char *argv[])
{
	return run_conf(&ztnet_cmd_setconf, CONF_SET, argc, argv);
}

static int run_addconf(int argc, char *argv[])
{
	return run_conf(&ztnet_cmd_addconf, CONF_ADD, argc, argv);
}

static int run_syncconf(int argc, char *argv[])
{
	return run_conf(&ztnet_cmd_syncconf, CONF_SYNC, argc, argv);
}

const struct ztnet_command ztnet_cmd_setconf = {
	.name = "setconf",
	.args = "<interface> <configuration filename>",
	.summary = "replace a device's configuration with a file's",
	.run = run_setconf,
};

const struct ztnet_command ztnet_cmd_addconf = {
	.name = "addconf",
	.args = "<interface> <configuration filename>",
	.summary = "add a file's configuration to a device's",
	.run = run_addconf,
};

const struct ztnet_command ztnet_cmd_syncconf = {
	.name = "syncconf",
	.args = "<interface> <configuration filename>",
	.summary = "apply a file's configuration, disturbing only what changed",
	.run = run_syncconf,
};

/* Everything setconf checks, and nothing sent: not even a socket opened. */
static int run_check(int argc, char *argv[])
{
	struct ztnet_device dev;
	int ret;

	if (argc != 2)
		return ztnet_usage_error(&ztnet_cmd_check);
	ret = ztnet_read_config(argv[1], false, &dev);
	if (ret == ZTNET_EXIT_OK)
		ztnet_device_wipe(&dev);
	return ret;
}

const struct ztnet_command ztnet_cmd_check = {
	.name = "check",
	.args = "<configuration filename>",
	.summary = "validate a configuration file offline; nothing is sent",
	.run = run_check,
};
