// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet set: change some of a device's settings and peers, with the words
 * of `wg set`.  Every argument and key file is checked, and every
 * endpoint resolved, before anything is sent to the kernel.
 */
#include "apply.h"
#include "command.h"
#include "endpoint.h"
#include "exitcode.h"
#include "keyfile.h"
#include "setargs.h"

static int read_key_files(struct ztnet_set_args *args)
{
	struct ztnet_device *dev = &args->dev;
	size_t i;
	int ret;

	if (args->private_key_file) {
		ret = ztnet_keyfile_read(args->private_key_file,
					 dev->private_key);
		if (ret != ZTNET_EXIT_OK)
			return ret;
	}
	for (i = 0; i < dev->peers_len; i++) {
		if (!args->preshared_key_files[i])
			continue;
		ret = ztnet_keyfile_read(args->preshared_key_files[i],
					 dev->peers[i].preshared_key);
		if (ret != ZTNET_EXIT_OK)
			return ret;
	}
	return ZTNET_EXIT_OK;
}

static int run_set(int argc, char *argv[])
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	int ret;

	if (argc < 3)
		return ztnet_usage_error(&ztnet_cmd_set);
	if (!ztnet_set_parse_args(argc, argv, &args, &err)) {
		ztnet_parse_error_print(&err);
		return err.status;
	}
	ret = read_key_files(&args);
	if (ret == ZTNET_EXIT_OK)
		ret = ztnet_resolve_endpoints(&args.dev);
	if (ret == ZTNET_EXIT_OK)
		ret = ztnet_apply(&args.dev);
	ztnet_set_args_free(&args);
	return ret;
}

const struct ztnet_command ztnet_cmd_set = {
	.name = "set",
	.args = "<interface> [listen-port <port>] [fwmark <mark>] "
		"[private-key <file path>] [policy off|enforce|audit] "
		"[default-in accept|drop|reject] "
		"[default-out accept|drop|reject] "
		"[protect <proto>/<port>[,...]|none] "
		"[peer <base64 public key> [remove] "
		"[update-only] [preshared-key <file path>] "
		"[endpoint <ip>:<port>] "
		"[persistent-keepalive <interval seconds>] "
		"[allowed-ips [+|-]<ip1>/<cidr1>[,[+|-]<ip2>/<cidr2>]...] "
		"[groups <name>[,<name>]...|none] ]...",
	.summary = "change the settings and peers of a device",
	.run = run_set,
};
