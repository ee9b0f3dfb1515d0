// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet rule add|del: one rule at a time, without restating the policy.
 *
 * add sends the rule alone: the kernel adds it to the rules in force.
 * del by number sends that number with ZTPOLICY_F_DELETE_RULES.  del by
 * name or by rule text must first read the rules to learn their numbers:
 * the request then carries the generation that was read, so that if the
 * policy changed in between the kernel refuses it (ESTALE) rather than
 * deleting what a number has come to mean.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "command.h"
#include "err.h"
#include "exitcode.h"
#include "policy.h"
#include "query.h"
#include "rule.h"
#include "value.h"

static int send_request(struct ztnet_nl *nl, const struct ztnet_device *req)
{
	int err = ztnet_apply_send(nl, req);

	if (err == -ESTALE) {
		ztnet_err("%s: the policy changed while the rule was looked "
			  "up; nothing was deleted, try again", req->ifname);
		return ZTNET_EXIT_FAILURE;
	}
	if (err == -EMSGSIZE && !nl->kernel_error) {
		ztnet_err("cannot encode the request");
		return ZTNET_EXIT_FAILURE;
	}
	return err ? ztnet_nl_report(nl, err, req->ifname) : ZTNET_EXIT_OK;
}

static int with_socket(const struct ztnet_device *req)
{
	struct ztnet_nl nl;
	int ret;

	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = send_request(&nl, req);
	ztnet_nl_close(&nl);
	return ret;
}

static int rule_add(const char *ifname, int argc, char *argv[])
{
	struct ztnet_parse_error err = { 0 };
	struct ztnet_device req = { 0 };
	struct ztnet_rule rule;
	int ret;

	if (!ztnet_rule_parse(&rule, argv, (size_t)argc, &err)) {
		ztnet_parse_error_print(&err);
		return ZTNET_EXIT_USAGE;
	}
	strcpy(req.ifname, ifname);
	ztnet_policy_add_rule(ztnet_policy_of(&req), &rule);
	ret = with_socket(&req);
	ztnet_device_wipe(&req);
	return ret;
}

/* A rule to delete: a number, a name, or the rule's text. */
struct target {
	uint32_t number;	/* non-zero: by number */
	const char *name;	/* or by name */
	struct ztnet_rule rule;	/* or by text, if has_rule */
	bool has_rule;
};

static bool matches(const struct target *t, const struct ztnet_policy_rule *r)
{
	if (t->name)
		return strcmp(r->rule.name, t->name) == 0;
	return ztnet_rule_equal(&t->rule, &r->rule);
}

static void add_number(struct ztnet_device *req, uint32_t number)
{
	struct ztnet_rule empty = { .proto = -1, .icmp_type = -1,
				    .icmp_code = -1 };
	struct ztnet_policy_rule *slot;

	slot = ztnet_policy_add_rule(ztnet_policy_of(req), &empty);
	slot->by_number = true;
	slot->number = number;
}

/* Reads the rules and asks for every match, at the generation read. */
static int delete_matching(struct ztnet_nl *nl, struct ztnet_device *req,
			   const struct target *t)
{
	struct ztnet_device now;
	size_t i;
	int ret = ztnet_query_device_nl(nl, req->ifname, &now);

	if (ret != ZTNET_EXIT_OK)
		return ret;
	for (i = 0; now.policy && i < now.policy->rules_len; i++)
		if (matches(t, &now.policy->rules[i]))
			add_number(req, now.policy->rules[i].number);
	if (!req->policy) {
		ztnet_err("%s: no rule in force matches", req->ifname);
		ret = ZTNET_EXIT_FAILURE;
	} else {
		req->policy->delete_rules = true;
		req->policy->has_generation = now.policy->has_generation;
		req->policy->generation = now.policy->generation;
		ret = send_request(nl, req);
	}
	ztnet_device_wipe(&now);
	return ret;
}

static int delete_target(struct ztnet_device *req, const struct target *t)
{
	struct ztnet_nl nl;
	int ret;

	if (t->number) {
		add_number(req, t->number);
		req->policy->delete_rules = true;
		return with_socket(req);
	}
	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = delete_matching(&nl, req, t);
	ztnet_nl_close(&nl);
	return ret;
}

static bool parse_target(struct target *t, int argc, char *argv[],
			 struct ztnet_parse_error *err)
{
	uint64_t n;

	memset(t, 0, sizeof(*t));
	if (argc == 1 && ztnet_parse_number(argv[0], 10, UINT32_MAX, &n) &&
	    n > 0) {
		t->number = (uint32_t)n;
		return true;
	}
	if (argc == 1 && ztnet_rule_name_ok(argv[0]) &&
	    strcmp(argv[0], "accept") && strcmp(argv[0], "drop") &&
	    strcmp(argv[0], "reject")) {
		t->name = argv[0];
		return true;
	}
	t->has_rule = ztnet_rule_parse(&t->rule, argv, (size_t)argc, err);
	return t->has_rule;
}

static int rule_del(const char *ifname, int argc, char *argv[])
{
	struct ztnet_parse_error err = { 0 };
	struct ztnet_device req = { 0 };
	struct target t;
	int ret;

	if (!parse_target(&t, argc, argv, &err)) {
		ztnet_parse_error_print(&err);
		return ZTNET_EXIT_USAGE;
	}
	strcpy(req.ifname, ifname);
	ret = delete_target(&req, &t);
	if (t.has_rule)
		ztnet_rule_wipe(&t.rule);
	ztnet_device_wipe(&req);
	return ret;
}

static int run_rule(int argc, char *argv[])
{
	int ret;

	if (argc < 4)
		return ztnet_usage_error(&ztnet_cmd_rule);
	ret = ztnet_check_ifname(argv[2]);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	if (strcmp(argv[1], "add") == 0)
		return rule_add(argv[2], argc - 3, argv + 3);
	if (strcmp(argv[1], "del") == 0)
		return rule_del(argv[2], argc - 3, argv + 3);
	return ztnet_usage_error(&ztnet_cmd_rule);
}

const struct ztnet_command ztnet_cmd_rule = {
	.name = "rule",
	.args = "add <interface> <rule...> | "
		"del <interface> <number | name | rule...>",
	.summary = "add a microsegment rule to a device, or delete one",
	.run = run_rule,
};
