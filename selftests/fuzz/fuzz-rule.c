// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the text form of microsegment rules (tools/rule.c).  A refusal
 * must come with a message and leave the rule empty; an accepted rule's
 * canonical text must parse back to an equal rule that prints the same,
 * and its attributes (tools/ruleattr.c) must be taken by the kernel's
 * parser: the tool never sends what the kernel would refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruleattr.h"
#include "rules-bridge.h"

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-rule: invariant broken: %s\n", what);
		abort();
	}
}

static char *print_rule(const struct ztnet_rule *rule)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	require(out != NULL, "open_memstream");
	ztnet_rule_print(out, rule);
	fclose(out);
	return text;
}

/* One rule as the only element of a list, through the kernel's parser. */
static void check_kernel_takes(const struct ztnet_rule *rule)
{
	static char buf[65536];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *list = mnl_attr_nest_start(nlh, 1);
	unsigned int rules = 0;
	const char *msg = NULL;
	int err;

	require(ztnet_rule_put(nlh, sizeof(buf), rule), "a rule fits in a message");
	mnl_attr_nest_end(nlh, list);
	err = rules_bridge_parse(mnl_attr_get_payload(list),
				 mnl_attr_get_payload_len(list), &rules, &msg);
	if (err)
		fprintf(stderr, "fuzz-rule: the kernel said %d: %s\n", err, msg ?: "?");
	require(!err && rules == 1, "the kernel takes what the tool sends");
}

static void check_refusal(const struct ztnet_rule *rule,
			  const struct ztnet_parse_error *err)
{
	require(err->msg[0] != '\0', "a refusal without a message");
	require(!strchr(err->msg, '\n'), "a message of more than one line");
	require(!rule->from && !rule->to && !rule->ports && !rule->sports,
		"a refused rule holds memory");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ztnet_parse_error err = { 0 };
	struct ztnet_rule rule, again;
	char *line, *text, *text2;

	line = strndup((const char *)data, size);
	require(line != NULL, "strndup");
	if (!ztnet_rule_parse_line(&rule, line, &err)) {
		check_refusal(&rule, &err);
		free(line);
		return 0;
	}
	text = print_rule(&rule);
	require(ztnet_rule_parse_line(&again, text, &err),
		"the canonical text of a rule is refused");
	require(ztnet_rule_equal(&rule, &again),
		"the canonical text reads back as another rule");
	text2 = print_rule(&again);
	require(!strcmp(text, text2), "the canonical text is not stable");
	check_kernel_takes(&rule);
	ztnet_rule_wipe(&rule);
	ztnet_rule_wipe(&again);
	free(text);
	free(text2);
	free(line);
	return 0;
}
