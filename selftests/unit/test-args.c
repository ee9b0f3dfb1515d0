// SPDX-License-Identifier: GPL-2.0
/* Command lookup and the arguments of `show`: tools/command.c, show.c. */
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "harness.h"
#include "show.h"
#include "value.h"

static enum ztnet_show_parse parse(struct ztnet_show_args *args, int argc,
				   const char *a1, const char *a2)
{
	char *argv[] = { "show", (char *)a1, (char *)a2, NULL };

	return ztnet_show_parse_args(argc, argv, args);
}

static bool show_without_arguments(void)
{
	struct ztnet_show_args args;

	CHECK(parse(&args, 1, NULL, NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_ALL && !args.ifname);
	CHECK(parse(&args, 2, "all", NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_ALL && !args.ifname);
	return true;
}

static bool show_interfaces(void)
{
	struct ztnet_show_args args;

	CHECK(parse(&args, 2, "interfaces", NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_INTERFACES && !args.ifname);
	return true;
}

static bool show_one_device(void)
{
	struct ztnet_show_args args;

	CHECK(parse(&args, 2, "zt0", NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_ONE);
	CHECK(strcmp(args.ifname, "zt0") == 0);
	CHECK(parse(&args, 2, "abcdefghijklmno", NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_ONE);
	return true;
}

static bool show_rejects_bad_arguments(void)
{
	struct ztnet_show_args args;

	CHECK(parse(&args, 3, "zt0", "zt1") == ZTNET_SHOW_PARSE_BAD_FIELD);
	CHECK(parse(&args, 3, "all", "Dump") == ZTNET_SHOW_PARSE_BAD_FIELD);
	CHECK(parse(&args, 3, "interfaces", "dump") == ZTNET_SHOW_PARSE_USAGE);
	CHECK(parse(&args, 4, "zt0", "dump") == ZTNET_SHOW_PARSE_USAGE);
	CHECK(parse(&args, 2, "", NULL) == ZTNET_SHOW_PARSE_BAD_NAME);
	CHECK(parse(&args, 2, "abcdefghijklmnop", NULL) ==
	      ZTNET_SHOW_PARSE_BAD_NAME);
	return true;
}

static bool show_fields(void)
{
	struct ztnet_show_args args;

	CHECK(parse(&args, 3, "zt0", "dump") == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_ONE && args.field == ZTNET_FIELD_DUMP);
	CHECK(parse(&args, 3, "all", "peers") == ZTNET_SHOW_PARSE_OK);
	CHECK(args.mode == ZTNET_SHOW_ALL && !args.ifname);
	CHECK(args.field == ZTNET_FIELD_PEERS);
	CHECK(parse(&args, 3, "zt0", "persistent-keepalive") ==
	      ZTNET_SHOW_PARSE_OK);
	CHECK(args.field == ZTNET_FIELD_PERSISTENT_KEEPALIVE);
	CHECK(parse(&args, 2, "zt0", NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.field == ZTNET_FIELD_NONE);
	return true;
}

static bool finds_commands(void)
{
	static const char *const names[] = {
		"show", "genkey", "genpsk", "pubkey", "showconf", "set",
		"setconf", "addconf", "syncconf",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct ztnet_command *cmd = ztnet_command_find(names[i]);

		CHECK(cmd && strcmp(cmd->name, names[i]) == 0);
		CHECK(cmd->run && cmd->args && cmd->summary);
	}
	return true;
}

static bool rejects_unknown_commands(void)
{
	CHECK(!ztnet_command_find("frob"));
	CHECK(!ztnet_command_find(""));
	CHECK(!ztnet_command_find("sho"));
	CHECK(!ztnet_command_find("shows"));
	CHECK(!ztnet_command_find("SHOW"));
	return true;
}

static bool recognises_help_options(void)
{
	CHECK(ztnet_is_help_option("--help"));
	CHECK(ztnet_is_help_option("-h"));
	CHECK(!ztnet_is_help_option("help"));
	CHECK(!ztnet_is_help_option("--helpme"));
	CHECK(!ztnet_is_help_option("-"));
	return true;
}

/* Four words after show, none of them --json: too many, and no overflow. */
static bool show_five_words(void)
{
	struct ztnet_show_args args;
	char *argv[] = { "show", "a", "b", "c", "d", NULL };

	CHECK(ztnet_show_parse_args(5, argv, &args) == ZTNET_SHOW_PARSE_USAGE);
	return true;
}

/* --json or -j, anywhere; not with a field, nor with interfaces. */
static bool show_json(void)
{
	struct ztnet_show_args args;

	CHECK(parse(&args, 2, "--json", NULL) == ZTNET_SHOW_PARSE_OK);
	CHECK(args.json && args.mode == ZTNET_SHOW_ALL);
	CHECK(parse(&args, 3, "zt0", "-j") == ZTNET_SHOW_PARSE_OK);
	CHECK(args.json && args.mode == ZTNET_SHOW_ONE && !strcmp(args.ifname, "zt0"));
	CHECK(parse(&args, 3, "-j", "all") == ZTNET_SHOW_PARSE_OK);
	CHECK(args.json && args.mode == ZTNET_SHOW_ALL);
	CHECK(parse(&args, 3, "interfaces", "--json") == ZTNET_SHOW_PARSE_USAGE);
	CHECK(parse(&args, 2, "zt0", NULL) == ZTNET_SHOW_PARSE_OK && !args.json);
	return show_five_words();
}

static int usage_error_of_show(void *arg)
{
	(void)arg;
	return ztnet_usage_error(&ztnet_cmd_show);
}

static bool usage_error_is_one_line(void)
{
	char err[512];

	CHECK(capture_stderr(usage_error_of_show, NULL, err, sizeof(err)) ==
	      2);
	CHECK(strncmp(err, "ztnet: usage: ztnet show "
			  "[ <interface> | all | interfaces ] [ --json | -j ] [ public-key | ",
		      strlen("ztnet: usage: ztnet show "
			     "[ <interface> | all | interfaces ] [ --json | -j ] [ public-key | ")) == 0);
	CHECK(strchr(err, '\n') == err + strlen(err) - 1);
	return true;
}

/* What show's errors name, wherever --json stood: not argv[1] then. */
static bool show_names_the_refused_word(void)
{
	struct ztnet_show_args args;
	char *field[] = { "show", "-j", "zt0", "frob", NULL };

	CHECK(parse(&args, 3, "--json", "") == ZTNET_SHOW_PARSE_BAD_NAME);
	CHECK(args.refused && strcmp(args.refused, "") == 0);
	CHECK(parse(&args, 3, "-j", "abcdefghijklmnop") ==
	      ZTNET_SHOW_PARSE_BAD_NAME);
	CHECK(strcmp(args.refused, "abcdefghijklmnop") == 0);
	CHECK(ztnet_show_parse_args(4, field, &args) == ZTNET_SHOW_PARSE_USAGE);
	CHECK(parse(&args, 3, "zt0", "frob") == ZTNET_SHOW_PARSE_BAD_FIELD);
	CHECK(strcmp(args.refused, "frob") == 0);
	return true;
}

static int check_empty_name(void *arg)
{
	(void)arg;
	return ztnet_check_ifname("");
}

static int invalid_long_word(void *arg)
{
	return ztnet_invalid("port", arg, "0 to 65535");
}

/* "invalid WHAT: 'WORD' (VALID)", the word cut to ZTNET_QUOTE_MAX bytes. */
static bool refusals_have_one_shape(void)
{
	char err[512], word[100], want[200];

	CHECK(capture_stderr(check_empty_name, NULL, err, sizeof(err)) == 2);
	CHECK(strcmp(err, "ztnet: invalid interface name: ''\n") == 0);
	memset(word, '7', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	snprintf(want, sizeof(want), "ztnet: invalid port: '%.*s' (0 to 65535)\n",
		 ZTNET_QUOTE_MAX, word);
	CHECK(capture_stderr(invalid_long_word, word, err, sizeof(err)) == 2);
	CHECK(strcmp(err, want) == 0);
	return true;
}

static const struct test_case cases[] = {
	{ "show with no argument or all", show_without_arguments },
	{ "show interfaces", show_interfaces },
	{ "show <interface>", show_one_device },
	{ "show rejects bad arguments", show_rejects_bad_arguments },
	{ "show <interface> <field>", show_fields },
	{ "show --json and -j", show_json },
	{ "finds every command", finds_commands },
	{ "rejects unknown commands", rejects_unknown_commands },
	{ "recognises --help and -h", recognises_help_options },
	{ "a usage error is one line", usage_error_is_one_line },
	{ "show names the word it refuses", show_names_the_refused_word },
	{ "refused words are said in one shape", refusals_have_one_shape },
};

TEST_SUITE(args_suite, "args", cases);
