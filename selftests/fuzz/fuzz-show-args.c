// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the command line of ztnet(8) up to the arguments of `show`: the
 * input is split on NUL into the arguments after the program name, each in
 * an allocation of its own so that ASan sees a read past any of them.  The
 * dispatch follows main() and run() in tools/ztnet.c, which cannot be
 * linked here; the verdict of ztnet_show_parse_args is checked against
 * the synopsis "show [ <interface> | all | interfaces ] [ --json | -j ]
 * [ <field> ]", where --json (or -j) may come anywhere after show, at most
 * twice, and neither `interfaces` nor --json takes a field.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "show.h"

struct fuzz_argv {
	int argc;
	char **argv;
};

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-show-args: invariant broken: %s\n", what);
		abort();
	}
}

static char *copy_arg(const uint8_t *start, size_t len)
{
	char *arg = malloc(len + 1);

	require(arg, "malloc");
	memcpy(arg, start, len);
	arg[len] = '\0';
	return arg;
}

/* "a\0b" and "a\0b\0" are both { "a", "b" }; "" is no argument at all. */
static struct fuzz_argv split_args(const uint8_t *data, size_t size)
{
	struct fuzz_argv args = { 0, calloc(size + 2, sizeof(char *)) };
	size_t start = 0, i;

	require(args.argv, "calloc");
	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\0')
			continue;
		if (i == size && start == size)
			break;
		args.argv[args.argc++] = copy_arg(data + start, i - start);
		start = i + 1;
	}
	return args;
}

static void free_args(struct fuzz_argv *args)
{
	int i;

	for (i = 0; i < args->argc; i++)
		free(args->argv[i]);
	free(args->argv);
}

/*
 * The fields of wg(8)'s show, then ztnet's policy views, in the order of
 * enum ztnet_field.
 */
static const char *const fields[] = {
	"public-key", "private-key", "listen-port", "fwmark", "peers",
	"preshared-keys", "endpoints", "allowed-ips", "latest-handshakes",
	"transfer", "persistent-keepalive", "dump", "rules", "policy", "flows",
};

static enum ztnet_field field_named(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i], name) == 0)
			return (enum ztnet_field)(ZTNET_FIELD_PUBLIC_KEY + i);
	return ZTNET_FIELD_NONE;
}

/* What the synopsis says of one command line. */
struct expected {
	enum ztnet_show_mode mode;
	enum ztnet_field field;
	bool json;
	const char *name;	/* of `show <interface>` */
	const char *refused;	/* the word of BAD_NAME or BAD_FIELD */
};

/* The words but the --json and -j after "show"; returns how many. */
static int words_but_json(int argc, char *argv[], char *words[], bool *json)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (i > 0 && (strcmp(argv[i], "--json") == 0 ||
			      strcmp(argv[i], "-j") == 0))
			*json = true;
		else
			words[n++] = argv[i];
	}
	return n;
}

/* After the name: a field, which --json does not take. */
static enum ztnet_show_parse expect_field(struct expected *e, char *word)
{
	if (e->json)
		return ZTNET_SHOW_PARSE_USAGE;
	e->refused = word;
	e->field = field_named(word);
	return e->field == ZTNET_FIELD_NONE ? ZTNET_SHOW_PARSE_BAD_FIELD :
					      ZTNET_SHOW_PARSE_OK;
}

static enum ztnet_show_parse expect(int argc, char *argv[], struct expected *e)
{
	char *w[5];
	size_t len;

	/* show, two words and --json twice at the most. */
	if (argc > 5)
		return ZTNET_SHOW_PARSE_USAGE;
	argc = words_but_json(argc, argv, w, &e->json);
	if (argc > 3)
		return ZTNET_SHOW_PARSE_USAGE;
	if (argc < 2)
		return ZTNET_SHOW_PARSE_OK;
	if (strcmp(w[1], "interfaces") == 0) {
		e->mode = ZTNET_SHOW_INTERFACES;
		return argc > 2 || e->json ? ZTNET_SHOW_PARSE_USAGE :
					     ZTNET_SHOW_PARSE_OK;
	}
	if (strcmp(w[1], "all") != 0) {
		e->refused = w[1];
		len = strlen(w[1]);
		if (len == 0 || len >= IFNAMSIZ)
			return ZTNET_SHOW_PARSE_BAD_NAME;
		e->mode = ZTNET_SHOW_ONE;
		e->name = w[1];
	}
	return argc == 3 ? expect_field(e, w[2]) : ZTNET_SHOW_PARSE_OK;
}

static void check_show(int argc, char *argv[])
{
	struct expected e = { .mode = ZTNET_SHOW_ALL,
			      .field = ZTNET_FIELD_NONE };
	struct ztnet_show_args args;
	enum ztnet_show_parse got, want;

	got = ztnet_show_parse_args(argc, argv, &args);
	want = expect(argc, argv, &e);
	require(got == want, "the verdict follows the synopsis");
	if (got == ZTNET_SHOW_PARSE_BAD_NAME || got == ZTNET_SHOW_PARSE_BAD_FIELD)
		require(args.refused == e.refused, "the refused word is named");
	if (got != ZTNET_SHOW_PARSE_OK)
		return;
	require(args.mode == e.mode, "the mode follows the synopsis");
	require(args.field == e.field, "the field follows the synopsis");
	require(args.json == e.json, "--json or -j asks for JSON");
	require(args.ifname == e.name, "only `show <interface>` has a name");
}

/* run() in tools/ztnet.c, minus running anything but the parser. */
static void dispatch(int argc, char *argv[])
{
	const struct ztnet_command *cmd;

	if (ztnet_is_help_option(argv[0]) || strcmp(argv[0], "help") == 0 ||
	    strcmp(argv[0], "--version") == 0)
		return;
	cmd = ztnet_command_find(argv[0]);
	require(!cmd || strcmp(cmd->name, argv[0]) == 0,
		"a command is found by its own name");
	if (cmd != &ztnet_cmd_show)
		return;
	if (argc > 1 && ztnet_is_help_option(argv[1]))
		return;
	check_show(argc, argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *show_argv[] = { "show", NULL };
	struct fuzz_argv args = split_args(data, size);

	/* As main(): no command means `show`. */
	if (args.argc == 0)
		dispatch(1, show_argv);
	else
		dispatch(args.argc, args.argv);
	free_args(&args);
	return 0;
}
