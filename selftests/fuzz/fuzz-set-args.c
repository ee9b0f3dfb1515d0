// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the arguments of `ztnet set` (tools/setargs.c).  The input is
 * split on NUL into the arguments after "set", each in an allocation of
 * its own so that ASan sees a read past any of them.  A refusal must be
 * status 2 or 3 with one line of message; what is accepted goes through
 * the SET_DEVICE round trip.
 */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "fuzz-roundtrip.h"
#include "setargs.h"

#define TARGET "fuzz-set-args"

static char *copy_arg(const uint8_t *start, size_t len)
{
	char *arg = malloc(len + 1);

	fuzz_require(arg != NULL, TARGET, "malloc");
	memcpy(arg, start, len);
	arg[len] = '\0';
	return arg;
}

/* argv[0] is "set"; "a\0b" and "a\0b\0" are both { "a", "b" } after it. */
static int split_args(const uint8_t *data, size_t size, char ***argv)
{
	size_t start = 0, i;
	int argc = 1;

	*argv = calloc(size + 3, sizeof(char *));
	fuzz_require(*argv != NULL, TARGET, "calloc");
	(*argv)[0] = copy_arg((const uint8_t *)"set", 3);
	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\0')
			continue;
		if (i == size && start == size)
			break;
		(*argv)[argc++] = copy_arg(data + start, i - start);
		start = i + 1;
	}
	return argc;
}

static void check_accepted(struct ztnet_set_args *args, int argc,
			   char *argv[])
{
	size_t i;

	fuzz_require(argc >= 3 && strcmp(args->dev.ifname, argv[1]) == 0 &&
		     strlen(argv[1]) < IFNAMSIZ, TARGET,
		     "the device is argv[1]");
	fuzz_require(!args->dev.has_private_key == !args->private_key_file,
		     TARGET, "private-key names its file");
	for (i = 0; i < args->dev.peers_len; i++)
		fuzz_require(!args->dev.peers[i].has_preshared_key ==
			     !args->preshared_key_files[i], TARGET,
			     "preshared-key names its file");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	char **argv;
	int argc = split_args(data, size, &argv), i;

	if (ztnet_set_parse_args(argc, argv, &args, &err)) {
		check_accepted(&args, argc, argv);
		fuzz_round_trip(&args.dev, 400 + size % 512, TARGET);
		ztnet_set_args_free(&args);
	} else {
		fuzz_require(err.status == ZTNET_EXIT_USAGE ||
			     err.status == ZTNET_EXIT_BAD_KEY, TARGET,
			     "status 2 or 3");
		fuzz_require(err.msg[0] && err.line == 0, TARGET,
			     "a message without a line number");
		fuzz_require(!args.dev.peers && !args.preshared_key_files,
			     TARGET, "a refusal frees everything");
	}
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return 0;
}
