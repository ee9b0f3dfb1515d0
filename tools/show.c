// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet show: the devices of this network namespace, as `wg show` shows
 * them: a human view, or one field per line for scripts.
 */
#include <errno.h>
#include <stdlib.h>
#include <net/if.h>
#include <string.h>

#include "command.h"
#include "device.h"
#include "err.h"
#include "exitcode.h"
#include "flows.h"
#include "json.h"
#include "links.h"
#include "mem.h"
#include "netlink.h"
#include "pretty.h"
#include "show.h"
#include "value.h"

/* The arguments without --json and -j, which set args->json. */
static int take_json(int argc, char *argv[], char *rest[],
		     struct ztnet_show_args *args)
{
	int i, n = 0;

	args->json = false;
	for (i = 0; i < argc; i++) {
		if (i && argv[i] &&
		    (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")))
			args->json = true;
		else
			rest[n++] = argv[i];
	}
	return n;
}

enum ztnet_show_parse ztnet_show_parse_args(int argc, char *argv[],
					    struct ztnet_show_args *args)
{
	char *rest[5];

	args->mode = ZTNET_SHOW_ALL;
	args->ifname = NULL;
	args->field = ZTNET_FIELD_NONE;
	args->refused = NULL;
	/* show, two words and at most two --json: more is a usage error. */
	if (argc > (int)(sizeof(rest) / sizeof(rest[0])))
		return ZTNET_SHOW_PARSE_USAGE;
	argc = take_json(argc, argv, rest, args);
	argv = rest;
	if (argc <= 1)
		return ZTNET_SHOW_PARSE_OK;
	if (argc > 3)
		return ZTNET_SHOW_PARSE_USAGE;
	if (strcmp(argv[1], "interfaces") == 0) {
		args->mode = ZTNET_SHOW_INTERFACES;
		return argc > 2 || args->json ? ZTNET_SHOW_PARSE_USAGE :
						ZTNET_SHOW_PARSE_OK;
	}
	if (strcmp(argv[1], "all") != 0) {
		args->refused = argv[1];
		if (!ztnet_ifname_valid(argv[1]))
			return ZTNET_SHOW_PARSE_BAD_NAME;
		args->mode = ZTNET_SHOW_ONE;
		args->ifname = argv[1];
	}
	if (argc == 3) {
		if (args->json)
			return ZTNET_SHOW_PARSE_USAGE;
		args->refused = argv[2];
		args->field = ztnet_field_find(argv[2]);
		if (args->field == ZTNET_FIELD_NONE)
			return ZTNET_SHOW_PARSE_BAD_FIELD;
	}
	return ZTNET_SHOW_PARSE_OK;
}

static bool print_device(struct ztnet_device *dev, void *arg)
{
	struct ztnet_show_output *output = arg;

	if (output->mode == ZTNET_SHOW_INTERFACES) {
		fprintf(output->out, "%s%s", output->devices ? " " : "",
			dev->ifname);
	} else if (output->field != ZTNET_FIELD_NONE) {
		ztnet_fields_print(output->out, dev, output->field,
				   output->mode == ZTNET_SHOW_ALL);
	} else {
		if (output->devices)
			fputc('\n', output->out);
		ztnet_device_print(output->out, dev);
	}
	output->devices++;
	ztnet_device_wipe(dev);
	return true;
}

int ztnet_show_device_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct ztnet_show_output *output = arg;

	output->collect.flush = print_device;
	output->collect.arg = output;
	return ztnet_collect_reply(nlh, &output->collect);
}

void ztnet_show_finish(struct ztnet_show_output *output)
{
	output->collect.flush = print_device;
	output->collect.arg = output;
	ztnet_collect_finish(&output->collect);
	if (output->mode == ZTNET_SHOW_INTERFACES && output->devices)
		fputc('\n', output->out);
}

/*
 * A dump cut by a change of the configuration (NLM_F_DUMP_INTR) is read
 * again, as wg does; nothing of it has been printed yet.
 */
#define ZTNET_DUMP_TRIES 10

static int dump_one(struct ztnet_nl *nl, const char *ifname,
		    struct ztnet_show_output *output)
{
	struct nlmsghdr *req;
	int err, tries = 0;

	do {
		ztnet_collect_discard(&output->collect);
		req = ztnet_nl_request(nl, ZTNET_CMD_GET_DEVICE, NLM_F_DUMP);
		mnl_attr_put_strz(req, ZTDEVICE_A_IFNAME, ifname);
		err = ztnet_nl_talk(nl, req, ztnet_show_device_reply, output);
	} while (err == -EINTR && ++tries < ZTNET_DUMP_TRIES);
	if (err)
		ztnet_collect_discard(&output->collect);
	else
		ztnet_show_finish(output);
	return err;
}

static int show_named(struct ztnet_nl *nl, const struct ztnet_show_args *args,
		      struct ztnet_show_output *output)
{
	int err = dump_one(nl, args->ifname, output);

	if (err)
		return ztnet_nl_report(nl, err, args->ifname);
	/* A module that ignored the name would dump nothing, not fail. */
	if (output->devices == 0) {
		ztnet_err("no such ztnet device: %s", args->ifname);
		return ZTNET_EXIT_NO_DEVICE;
	}
	return ZTNET_EXIT_OK;
}

static void print_names(const struct ztnet_names *list, FILE *out)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		fprintf(out, "%s%s", i ? " " : "", list->names[i]);
	if (list->len)
		fputc('\n', out);
}

/*
 * Each device rtnetlink listed, asked for alone; one deleted since it was
 * listed is simply not shown.  One that cannot be read (no privilege) is
 * said, and the others are still shown, as wg does.
 */
static int show_every(struct ztnet_nl *nl, const struct ztnet_names *list,
		      struct ztnet_show_output *output)
{
	int err, ret = ZTNET_EXIT_OK;
	size_t i, shown = 0;

	for (i = 0; i < list->len; i++) {
		err = dump_one(nl, list->names[i], output);
		if (!err)
			shown++;
		else if (err != -ENODEV)
			ret = ztnet_nl_report(nl, err, list->names[i]);
	}
	/* As wg: a failure only if no device at all could be shown. */
	return shown ? ZTNET_EXIT_OK : ret;
}

/* Flows come from GET_FLOWS, device by device. */
static int show_flows(struct ztnet_nl *nl, const struct ztnet_show_args *args,
		      const struct ztnet_names *list)
{
	struct ztnet_flows_output output = { .out = stdout };
	int err, ret = ZTNET_EXIT_OK;
	size_t i;

	if (args->ifname) {
		err = ztnet_flows_dump(nl, args->ifname, &output);
		return err ? ztnet_nl_report(nl, err, args->ifname) :
			     ZTNET_EXIT_OK;
	}
	for (i = 0; i < list->len; i++) {
		output.ifname = list->names[i];
		err = ztnet_flows_dump(nl, list->names[i], &output);
		if (err && err != -ENODEV)
			ret = ztnet_nl_report(nl, err, list->names[i]);
	}
	return ret;
}

/* Every device read whole, then one JSON object of them all. */
static int show_json(struct ztnet_nl *nl, const struct ztnet_show_args *args,
		     const struct ztnet_names *list)
{
	size_t n = args->ifname ? 1 : list->len, got = 0, i;
	struct ztnet_device *devs = calloc(n ? n : 1, sizeof(*devs));
	int ret = ZTNET_EXIT_OK;

	if (!devs)
		ztnet_out_of_memory();
	for (i = 0; !ret && i < n; i++) {
		const char *name = args->ifname ?: list->names[i];
		int err = ztnet_query_device_raw(nl, name, &devs[got]);

		/* One deleted since it was listed is simply not shown. */
		if (!err)
			got++;
		else if (err != -ENODEV || args->ifname)
			ret = ztnet_nl_report(nl, err, name);
	}
	if (!ret)
		ztnet_json_print(stdout, devs, got);
	for (i = 0; i < got; i++)
		ztnet_device_wipe(&devs[i]);
	free(devs);
	return ret;
}

static int dump_devices(struct ztnet_nl *nl, const struct ztnet_show_args *args,
			const struct ztnet_names *list)
{
	struct ztnet_show_output output = {
		.mode = args->mode, .field = args->field, .out = stdout,
	};

	if (args->json)
		return show_json(nl, args, list);

	if (args->field == ZTNET_FIELD_FLOWS)
		return show_flows(nl, args, list);
	if (args->ifname)
		return show_named(nl, args, &output);
	return show_every(nl, list, &output);
}

/*
 * Without a name, the devices come from rtnetlink, so that listing them
 * needs neither the module nor privilege, and none means nothing to do.
 */
static int show_devices(const struct ztnet_show_args *args)
{
	struct ztnet_names list = { 0 };
	struct ztnet_nl nl;
	int ret;

	if (!args->ifname) {
		ret = ztnet_links_list(&list);
		if (ret) {
			ztnet_err("cannot list the network devices: %s",
				  strerror(-ret));
			return ZTNET_EXIT_FAILURE;
		}
		if (args->json && !list.len) {
			ztnet_json_print(stdout, NULL, 0);
			return ZTNET_EXIT_OK;
		}
		if (args->mode == ZTNET_SHOW_INTERFACES || !list.len) {
			print_names(&list, stdout);
			ztnet_names_free(&list);
			return ZTNET_EXIT_OK;
		}
	}
	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret == ZTNET_EXIT_OK) {
		ret = dump_devices(&nl, args, &list);
		ztnet_nl_close(&nl);
	}
	ztnet_names_free(&list);
	return ret;
}

static int run_show(int argc, char *argv[])
{
	struct ztnet_show_args args;

	switch (ztnet_show_parse_args(argc, argv, &args)) {
	case ZTNET_SHOW_PARSE_OK:
		break;
	case ZTNET_SHOW_PARSE_BAD_NAME:
		return ztnet_check_ifname(args.refused);
	case ZTNET_SHOW_PARSE_BAD_FIELD:
		return ztnet_invalid("parameter", args.refused,
				     "see ztnet show --help");
	default:
		return ztnet_usage_error(&ztnet_cmd_show);
	}
	return show_devices(&args);
}

const struct ztnet_command ztnet_cmd_show = {
	.name = "show",
	.args = "[ <interface> | all | interfaces ] [ --json | -j ] [ public-key | "
		"private-key | listen-port | fwmark | peers | preshared-keys | "
		"endpoints | allowed-ips | latest-handshakes | transfer | "
		"persistent-keepalive | dump | rules | policy | flows ]",
	.summary = "show the configuration of ztnet devices",
	.run = run_show,
};
