/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands of ztnet(8).  Each lives in its own file and describes
 * itself with one of these; command.c lists them.
 */
#ifndef ZTNET_COMMAND_H
#define ZTNET_COMMAND_H

#include <stdbool.h>
#include <stdio.h>

struct ztnet_command {
	const char *name;
	const char *args;	/* the synopsis after the name, "" if none */
	const char *summary;	/* one line for `ztnet --help` */
	/* argv[0] is the command name; returns an exit status. */
	int (*run)(int argc, char *argv[]);
};

extern const struct ztnet_command ztnet_cmd_show;
extern const struct ztnet_command ztnet_cmd_showconf;
extern const struct ztnet_command ztnet_cmd_set;
extern const struct ztnet_command ztnet_cmd_setconf;
extern const struct ztnet_command ztnet_cmd_addconf;
extern const struct ztnet_command ztnet_cmd_syncconf;
extern const struct ztnet_command ztnet_cmd_check;
extern const struct ztnet_command ztnet_cmd_strip;
extern const struct ztnet_command ztnet_cmd_up;
extern const struct ztnet_command ztnet_cmd_down;
extern const struct ztnet_command ztnet_cmd_save;
extern const struct ztnet_command ztnet_cmd_metrics;
extern const struct ztnet_command ztnet_cmd_rule;
extern const struct ztnet_command ztnet_cmd_monitor;
extern const struct ztnet_command ztnet_cmd_genkey;
extern const struct ztnet_command ztnet_cmd_genpsk;
extern const struct ztnet_command ztnet_cmd_pubkey;

/* NULL-terminated, in the order `ztnet --help` lists them. */
extern const struct ztnet_command *const ztnet_commands[];

const struct ztnet_command *ztnet_command_find(const char *name);

bool ztnet_is_help_option(const char *arg);

/* Prints "Usage: ztnet <name> <args>" to out. */
void ztnet_command_print_usage(FILE *out, const struct ztnet_command *cmd);

/* One line on stderr with the command's synopsis; returns the usage exit. */
int ztnet_usage_error(const struct ztnet_command *cmd);

#endif /* ZTNET_COMMAND_H */
