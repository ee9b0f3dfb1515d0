// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet up and ztnet down: wg-quick's, for ztnet devices.  up works out
 * the whole plan first (quickplan.h), so that a bad value fails before
 * anything is touched, then does it step by step, writing each completed
 * step to the state file (quickstate.h).  A step that fails ends the
 * command: it says one line, undoes what it did, last first, and exits
 * non-zero.
 * down undoes what the state file lists, whatever up got to.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "conf.h"
#include "endpoint.h"
#include "err.h"
#include "exitcode.h"
#include "quickrun.h"
#include "quickstate.h"
#include "quicksave.h"
#include "value.h"

/* The configuration without wg-quick's keys, as setconf would send it. */
static int parse_config(const struct ztnet_quick *q, struct ztnet_device *dev)
{
	struct ztnet_parse_error err;
	int ret;

	/* Appended, as wg-quick's addconf: what PreUp set stays. */
	if (!ztnet_conf_parse(q->config, q->config_len, true, dev, &err)) {
		/* The line of the file, not of what is left once stripped. */
		err.line = ztnet_quick_file_line(q, err.line);
		ztnet_parse_error_print(&err);
		return err.status;
	}
	snprintf(dev->ifname, sizeof(dev->ifname), "%s", q->ifname);
	ret = ztnet_resolve_endpoints(dev);
	if (ret != ZTNET_EXIT_OK)
		ztnet_device_wipe(dev);
	return ret;
}

static void gather_facts(struct ztnet_rtnl *r, const struct ztnet_quick *q,
			 const struct ztnet_device *dev,
			 struct ztnet_quick_facts *facts)
{
	memset(facts, 0, sizeof(*facts));
	facts->free_table = ZTNET_QUICK_TABLE_BASE;
	/* Only asked when needed: each costs a dump of the routes. */
	if (ztnet_quick_full_tunnel(q, dev) && !dev->fwmark)
		facts->free_table = ztnet_rtnl_free_table(r);
	if (!q->mtu)
		facts->path_mtu = ztnet_rtnl_path_mtu(r, dev);
	ztnet_quick_local_facts(facts);
}

/* Back in the order the steps were done, which the state file keeps. */
static void reverse(struct ztnet_plan *plan)
{
	struct ztnet_step tmp, *a, *b;
	size_t i;

	for (i = 0; i < plan->len / 2; i++) {
		a = &plan->steps[i];
		b = &plan->steps[plan->len - 1 - i];
		tmp = *a;
		*a = *b;
		*b = tmp;
	}
}

/* Undoes steps, last first; what could not be undone stays in the file. */
static int undo_state(struct ztnet_quick_run *run, struct ztnet_plan *steps)
{
	struct ztnet_plan left = { 0 };
	int ret = ZTNET_EXIT_OK, status;
	char why[256];
	size_t i;

	for (i = steps->len; i-- > 0;) {
		status = ztnet_quick_undo(run, &steps->steps[i], why, sizeof(why));
		if (status == ZTNET_EXIT_OK)
			continue;
		if (ret == ZTNET_EXIT_OK) {
			fputs("ztnet: cannot undo '", stderr);
			ztnet_step_print(stderr, &steps->steps[i]);
			fprintf(stderr, "': %s\n", why);
			ret = status;
		}
		ztnet_plan_push(&left, &steps->steps[i]);
	}
	reverse(&left);
	if (!ztnet_state_rewrite(run->ifname, &left)) {
		ztnet_err("cannot update the state of %s: %s", run->ifname,
			  strerror(errno));
		ret = ZTNET_EXIT_FAILURE;
	}
	ztnet_plan_free(&left);
	return ret;
}

static int record(struct ztnet_state *state, struct ztnet_plan *done,
		  const struct ztnet_step *step)
{
	ztnet_plan_push(done, step);
	if (ztnet_state_record(state, step))
		return ZTNET_EXIT_OK;
	ztnet_err("cannot write '%s'", state->path);
	return ZTNET_EXIT_FAILURE;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* As wg-quick's trap: a signal part way through undoes the up. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int check_signal(void)
{
	if (!interrupted)
		return ZTNET_EXIT_OK;
	ztnet_err("interrupted by signal %d", (int)interrupted);
	return ZTNET_EXIT_FAILURE;
}

static int carry_out(struct ztnet_quick_run *run, struct ztnet_plan *plan)
{
	struct ztnet_plan done = { 0 };
	struct ztnet_state state;
	size_t i;
	int ret;

	ret = ztnet_state_create(&state, run->ifname);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	catch_signals();
	for (i = 0; ret == ZTNET_EXIT_OK && i < plan->len; i++) {
		ret = ztnet_quick_do(run, &plan->steps[i]);
		if (ret == ZTNET_EXIT_OK)
			ret = record(&state, &done, &plan->steps[i]);
		if (ret == ZTNET_EXIT_OK)
			ret = check_signal();
	}
	ztnet_state_close(&state);
	/* What cannot be undone stays in the state, for down to retry. */
	if (ret != ZTNET_EXIT_OK)
		undo_state(run, &done);
	ztnet_plan_free(&done);
	return ret;
}

static void print_plan(const struct ztnet_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->len; i++) {
		ztnet_step_print(stdout, &plan->steps[i]);
		putchar('\n');
	}
}

static int up_with(struct ztnet_quick *q, struct ztnet_device *dev, bool dry_run)
{
	struct ztnet_quick_run run = { .ifname = q->ifname, .dev = dev };
	struct ztnet_quick_facts facts;
	struct ztnet_plan plan;
	char state[4096];
	int ret;

	ret = ztnet_rtnl_open(&run.rtnl);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	if (ztnet_rtnl_ifindex(&run.rtnl, q->ifname) > 0) {
		ztnet_err("'%s' already exists", q->ifname);
		ret = ZTNET_EXIT_FAILURE;
		goto out;
	}
	/* Its steps would be forgotten, and down could no longer undo them. */
	ztnet_state_path(state, sizeof(state), q->ifname);
	if (!dry_run && access(state, F_OK) == 0) {
		ztnet_err("'%s' is left from an earlier up: run ztnet down %s first",
			  state, q->ifname);
		ret = ZTNET_EXIT_FAILURE;
		goto out;
	}
	gather_facts(&run.rtnl, q, dev, &facts);
	ret = ztnet_quick_plan(q, dev, &facts, &plan);
	if (ret != ZTNET_EXIT_OK)
		goto out;
	if (dry_run)
		print_plan(&plan);
	else
		ret = carry_out(&run, &plan);
	ztnet_plan_free(&plan);
	ztnet_quick_run_free(&run);
out:
	ztnet_rtnl_close(&run.rtnl);
	return ret;
}

static int run_up(int argc, char *argv[])
{
	bool dry_run = argc > 1 && strcmp(argv[1], "--dry-run") == 0;
	struct ztnet_device dev;
	struct ztnet_quick q;
	int ret;

	if (argc != 2 + dry_run)
		return ztnet_usage_error(&ztnet_cmd_up);
	ret = ztnet_quick_read(argv[argc - 1], &q);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ztnet_quick_hook_env(&q);
	ret = parse_config(&q, &dev);
	if (ret == ZTNET_EXIT_OK) {
		ret = up_with(&q, &dev, dry_run);
		ztnet_device_wipe(&dev);
	}
	ztnet_quick_free(&q);
	return ret;
}

const struct ztnet_command ztnet_cmd_up = {
	.name = "up",
	.args = "[--dry-run] <name | configuration filename>",
	.summary = "create and configure a device from a wg-quick file",
	.run = run_up,
};

static int run_hooks(const char *phase, const struct ztnet_strings *hooks,
		     const char *ifname)
{
	int ret = ZTNET_EXIT_OK;
	size_t i;

	for (i = 0; ret == ZTNET_EXIT_OK && i < hooks->len; i++) {
		char *cmd = ztnet_quick_hook(hooks->items[i], ifname);

		ret = ztnet_quick_hook_run(phase, cmd);
		free(cmd);
	}
	return ret;
}

/*
 * In the one shape of a refused word, but with status 1: a state file
 * gone wrong is no usage error.
 */
static int refuse_link(const char *ifname, const char *link)
{
	char what[sizeof("link in the state of ") + IFNAMSIZ];
	char valid[IFNAMSIZ + sizeof("; nothing is undone")];
	struct ztnet_parse_error err = { 0 };

	snprintf(what, sizeof(what), "link in the state of %s", ifname);
	snprintf(valid, sizeof(valid), "%s; nothing is undone", ifname);
	ztnet_parse_invalid(&err, what, link, valid);
	ztnet_parse_error_print(&err);
	return ZTNET_EXIT_FAILURE;
}

/* A state file for one name never undoes another's link. */
static int check_links(const struct ztnet_quick *q, const struct ztnet_plan *steps)
{
	size_t i;

	for (i = 0; i < steps->len; i++)
		if (steps->steps[i].kind == ZTNET_STEP_LINK &&
		    strcmp(steps->steps[i].name, q->ifname) != 0)
			return refuse_link(q->ifname, steps->steps[i].name);
	return ZTNET_EXIT_OK;
}

static int down_with(struct ztnet_quick *q, struct ztnet_quick_run *run)
{
	struct ztnet_plan steps;
	int ret;

	ret = ztnet_state_read(q->ifname, &steps);
	if (ret == ZTNET_EXIT_NO_DEVICE)
		ztnet_err("'%s' was not brought up by ztnet up (no state file)", q->ifname);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = check_links(q, &steps);
	/* Another kind of link by that name was not ours: taken as gone. */
	if (run->ifindex > 0 && !ztnet_rtnl_is_ztnet(&run->rtnl, q->ifname)) {
		ztnet_warn("'%s' is not a ztnet device: left alone", q->ifname);
		run->ifindex = 0;
	}
	/* A link already gone took its addresses and routes with it. */
	if (ret == ZTNET_EXIT_OK && run->ifindex > 0)
		ret = run_hooks("PreDown", &q->pre_down, q->ifname);
	if (ret == ZTNET_EXIT_OK && run->ifindex > 0 && q->save_config)
		ret = ztnet_quick_save(q);
	if (ret == ZTNET_EXIT_OK)
		ret = undo_state(run, &steps);
	if (ret == ZTNET_EXIT_OK)
		ret = run_hooks("PostDown", &q->post_down, q->ifname);
	ztnet_plan_free(&steps);
	return ret;
}

static int run_down(int argc, char *argv[])
{
	struct ztnet_quick_run run = { 0 };
	struct ztnet_quick q;
	int ret;

	if (argc != 2)
		return ztnet_usage_error(&ztnet_cmd_down);
	ret = ztnet_quick_read(argv[1], &q);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ztnet_quick_hook_env(&q);
	run.ifname = q.ifname;
	ret = ztnet_rtnl_open(&run.rtnl);
	if (ret == ZTNET_EXIT_OK) {
		run.ifindex = ztnet_rtnl_ifindex(&run.rtnl, q.ifname);
		ret = down_with(&q, &run);
		ztnet_rtnl_close(&run.rtnl);
	}
	ztnet_quick_free(&q);
	return ret;
}

const struct ztnet_command ztnet_cmd_down = {
	.name = "down",
	.args = "<name | configuration filename>",
	.summary = "undo what ztnet up did, and remove the device",
	.run = run_down,
};
