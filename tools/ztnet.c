// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet(8): configure ztnet devices.  main only picks the command; each
 * command lives in its own file and is listed in command.c.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../kernel/version.h"
#include "command.h"
#include "err.h"
#include "exitcode.h"
#include "value.h"

static void print_help(FILE *out)
{
	const struct ztnet_command *const *cmd;

	fputs("Usage: ztnet [ <command> [ <arguments> ] ]\n"
	      "\n"
	      "Commands:\n", out);
	for (cmd = ztnet_commands; *cmd; cmd++)
		fprintf(out, "  %-8s %s\n", (*cmd)->name, (*cmd)->summary);
	fputs("\n"
	      "With no command, ztnet runs `ztnet show`.\n"
	      "`ztnet <command> --help` prints the arguments of a command.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  success\n"
	      "  1  other failure\n"
	      "  2  usage error (unknown command, bad arguments or "
	      "configuration)\n"
	      "  3  malformed key\n"
	      "  4  the ztnet module is not loaded\n"
	      "  5  no such ztnet device\n"
	      "  6  not permitted (need CAP_NET_ADMIN)\n", out);
}

/* A full disk or a closed pipe must not look like success. */
static int flush_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ztnet_err("cannot write the output: %s", strerror(errno));
		if (status == ZTNET_EXIT_OK)
			status = ZTNET_EXIT_FAILURE;
	}
	return status;
}

static int run(int argc, char *argv[])
{
	const struct ztnet_command *cmd;

	if (ztnet_is_help_option(argv[0]) || strcmp(argv[0], "help") == 0) {
		print_help(stdout);
		return ZTNET_EXIT_OK;
	}
	/* wg's three spellings. */
	if (strcmp(argv[0], "--version") == 0 || strcmp(argv[0], "-v") == 0 ||
	    strcmp(argv[0], "version") == 0) {
		printf("ztnet %s\n", ZTNET_VERSION);
		return ZTNET_EXIT_OK;
	}
	cmd = ztnet_command_find(argv[0]);
	if (!cmd)
		return ztnet_invalid("command", argv[0], "see ztnet --help");
	if (argc > 1 && ztnet_is_help_option(argv[1])) {
		ztnet_command_print_usage(stdout, cmd);
		return ZTNET_EXIT_OK;
	}
	return cmd->run(argc, argv);
}

int main(int argc, char *argv[])
{
	static char *show_argv[] = { "show", NULL };

	if (sodium_init() < 0) {
		ztnet_err("cannot initialise libsodium");
		return ZTNET_EXIT_FAILURE;
	}
	if (argc < 2)
		return flush_stdout(run(1, show_argv));
	return flush_stdout(run(argc - 1, argv + 1));
}
