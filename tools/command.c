// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>

#include "command.h"
#include "err.h"
#include "exitcode.h"

const struct ztnet_command *const ztnet_commands[] = {
	&ztnet_cmd_show,
	&ztnet_cmd_showconf,
	&ztnet_cmd_set,
	&ztnet_cmd_setconf,
	&ztnet_cmd_addconf,
	&ztnet_cmd_syncconf,
	&ztnet_cmd_rule,
	&ztnet_cmd_monitor,
	&ztnet_cmd_metrics,
	&ztnet_cmd_check,
	&ztnet_cmd_up,
	&ztnet_cmd_down,
	&ztnet_cmd_save,
	&ztnet_cmd_strip,
	&ztnet_cmd_genkey,
	&ztnet_cmd_genpsk,
	&ztnet_cmd_pubkey,
	NULL,
};

const struct ztnet_command *ztnet_command_find(const char *name)
{
	const struct ztnet_command *const *cmd;

	for (cmd = ztnet_commands; *cmd; cmd++)
		if (strcmp((*cmd)->name, name) == 0)
			return *cmd;
	return NULL;
}

bool ztnet_is_help_option(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

void ztnet_command_print_usage(FILE *out, const struct ztnet_command *cmd)
{
	fprintf(out, "Usage: ztnet %s%s%s\n", cmd->name,
		cmd->args[0] ? " " : "", cmd->args);
}

int ztnet_usage_error(const struct ztnet_command *cmd)
{
	ztnet_err("usage: ztnet %s%s%s", cmd->name,
		  cmd->args[0] ? " " : "", cmd->args);
	return ZTNET_EXIT_USAGE;
}
