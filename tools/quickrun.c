// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apply.h"
#include "err.h"
#include "exitcode.h"
#include "format.h"
#include "mem.h"
#include "quickrun.h"
#include "quickstate.h"

#define SYSCTL_PATH "/proc/sys/net/ipv4/conf/all/src_valid_mark"
#define INTERFACE_ORDER "/etc/resolvconf/interface-order"

/* The full path of a program on PATH into buf, as `type -P` finds it. */
static bool find_program(const char *name, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p, *end;

	for (p = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin"; *p; p = end + !!*end) {
		end = strchrnul(p, ':');
		snprintf(buf, size, "%.*s/%s", (int)(end - p), p, name);
		if (end > p && access(buf, X_OK) == 0)
			return true;
	}
	return false;
}

bool ztnet_have_resolvconf(void)
{
	char path[4096];

	return find_program("resolvconf", path, sizeof(path));
}

/*
 * wg-quick's resolvconf_iface_prefix: Debian's resolvconf (not a link to
 * systemd's) orders interfaces by a pattern such as "tun*", which the
 * name must match to be used at all.
 */
static void dns_prefix(char *out, size_t size)
{
	char path[4096], line[256];
	struct stat st;
	regex_t re;
	FILE *f;

	out[0] = '\0';
	if (!find_program("resolvconf", path, sizeof(path)) ||
	    lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
		return;
	f = fopen(INTERFACE_ORDER, "re");
	if (!f)
		return;
	if (regcomp(&re, "^[A-Za-z0-9-]+\\*$", REG_EXTENDED | REG_NOSUB) == 0) {
		while (!out[0] && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (regexec(&re, line, 0, NULL, 0) == 0)
				snprintf(out, size, "%.*s.", (int)(strlen(line) - 1), line);
		}
		regfree(&re);
	}
	fclose(f);
}

static uint32_t read_sysctl(void)
{
	char buf[16] = "";
	int fd = open(SYSCTL_PATH, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? (uint32_t)strtoul(buf, NULL, 10) : 0;
}

static int write_sysctl(uint32_t value)
{
	char buf[16];
	int fd = open(SYSCTL_PATH, O_WRONLY | O_CLOEXEC), saved;
	ssize_t n;

	if (fd < 0)
		return -1;
	snprintf(buf, sizeof(buf), "%u\n", value);
	n = write(fd, buf, strlen(buf));
	saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(buf) ? 0 : -1;
}

void ztnet_quick_local_facts(struct ztnet_quick_facts *facts)
{
	facts->src_valid_mark = read_sysctl();
	dns_prefix(facts->dns_prefix, sizeof(facts->dns_prefix));
}

/*
 * As wg-quick runs a hook: in bash, with -e and pipefail, so that
 * bash's own syntax works (wg-quick(8)'s example hooks use <(...)) and
 * a failing command of a list fails the hook.  sh -e without bash.
 */
static void exec_shell(const char *cmd)
{
	if (access("/bin/bash", X_OK) == 0)
		execl("/bin/bash", "bash", "-e", "-o", "pipefail", "-c", cmd,
		      (char *)NULL);
	execl("/bin/sh", "sh", "-e", "-c", cmd, (char *)NULL);
}

/* Writes input to the shell's stdin; one that exits unread is no signal. */
static int feed_shell(int fd, const char *input)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t len = strlen(input), done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, input + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += n;
	}
	signal(SIGPIPE, old);
	return done == len ? 0 : -1;
}

/* The shell on cmd, with input on its stdin if not NULL; its status or -1. */
static int run_shell(const char *cmd, const char *input)
{
	int fds[2] = { -1, -1 }, status, fed = 0;
	pid_t pid;

	if (input && pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (input)
			dup2(fds[0], STDIN_FILENO);
		exec_shell(cmd);
		_exit(127);
	}
	if (input) {
		close(fds[0]);
		if (pid > 0)
			fed = feed_shell(fds[1], input);
		close(fds[1]);
	}
	if (pid < 0)
		return -1;
	/* A signal to up is handled once the hook is done, as bash's trap. */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return status == 0 && fed < 0 ? -1 : status;
}

void ztnet_quick_hook_env(const struct ztnet_quick *q)
{
	if (setenv("INTERFACE", q->ifname, 1) ||
	    setenv("CONFIG_FILE", q->path, 1))
		ztnet_out_of_memory();
}

int ztnet_quick_hook_run(const char *phase, const char *cmd)
{
	int status = run_shell(cmd, NULL);

	if (status == 0)
		return ZTNET_EXIT_OK;
	ztnet_err("%s hook failed (status %d): %s", phase, status, cmd);
	return ZTNET_EXIT_FAILURE;
}

/* The name was checked when the plan or the state file was read. */
static int resolvconf(const char *args, const char *name, const char *input)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "resolvconf %s '%s' %s", args, name,
		 input ? "-m 0 -x" : "-f");
	return run_shell(cmd, input);
}


static int do_link(struct ztnet_quick_run *run)
{
	int err = ztnet_rtnl_link_add(&run->rtnl, run->ifname);

	if (err < 0) {
		if (ztnet_rtnl_no_kind(err)) {
			ztnet_err("cannot create '%s': %s (is the ztnet module loaded?)",
				  run->ifname, ztnet_rtnl_strerror(err));
			return ZTNET_EXIT_NO_MODULE;
		}
		ztnet_err("cannot create '%s': %s", run->ifname,
			  ztnet_rtnl_strerror(err));
		return ztnet_rtnl_exit(err);
	}
	run->ifindex = ztnet_rtnl_ifindex(&run->rtnl, run->ifname);
	if (run->ifindex > 0)
		return ZTNET_EXIT_OK;
	ztnet_err("cannot find '%s' once created: %s", run->ifname,
		  ztnet_rtnl_strerror(run->ifindex));
	/* Not recorded yet, so nothing else would delete it. */
	ztnet_rtnl_link_del(&run->rtnl, run->ifname);
	return ZTNET_EXIT_FAILURE;
}

/* wg-quick's `wg set <if> fwmark <table>`: nothing else changes. */
static int do_fwmark(struct ztnet_quick_run *run, uint32_t mark)
{
	struct ztnet_device dev = { .has_fwmark = true, .fwmark = mark };

	snprintf(dev.ifname, sizeof(dev.ifname), "%s", run->ifname);
	return ztnet_apply(&dev);
}

static int say(int err, const char *what, const struct ztnet_step *step,
	       const char *ifname)
{
	char ip[ZTNET_ALLOWEDIP_STRLEN];

	ztnet_format_allowedip(ip, &step->prefix);
	if (step->kind == ZTNET_STEP_MTU)
		snprintf(ip, sizeof(ip), "%u", step->value);
	ztnet_err("cannot %s %s%s%s: %s", what,
		  step->kind == ZTNET_STEP_UP ? "" : ip,
		  step->kind == ZTNET_STEP_UP ? "" : " on ", ifname,
		  ztnet_rtnl_strerror(err));
	return ztnet_rtnl_exit(err);
}

void ztnet_quick_run_free(struct ztnet_quick_run *run)
{
	free(run->routes);
	run->routes = NULL;
	run->routes_len = 0;
	run->routes_read = false;
}

/* wg-quick's `ip route show dev <if> match <prefix>`, in main only. */
static bool covered(struct ztnet_quick_run *run, const struct ztnet_allowedip *ip)
{
	size_t i;

	if (!run->routes_read &&
	    ztnet_rtnl_dev_routes(&run->rtnl, run->ifindex, &run->routes,
				  &run->routes_len) == 0)
		run->routes_read = true;
	for (i = 0; i < run->routes_len; i++)
		if (ztnet_prefix_covers(&run->routes[i], ip))
			return true;
	return false;
}

static int do_route(struct ztnet_quick_run *run, struct ztnet_step *step)
{
	int err;

	if (step->if_uncovered && covered(run, &step->prefix))
		step->covered = true;
	if (step->covered)
		return ZTNET_EXIT_OK;
	err = ztnet_rtnl_route(&run->rtnl, run->ifindex, &step->prefix,
			       step->table, true);
	return err < 0 ? say(err, "add the route", step, run->ifname) : 0;
}

static int do_rule(struct ztnet_quick_run *run, const struct ztnet_step *step)
{
	int err = ztnet_rtnl_rule(&run->rtnl, step, true);

	if (err >= 0)
		return ZTNET_EXIT_OK;
	ztnet_err("cannot add the %s rule for table %u: %s",
		  step->kind == ZTNET_STEP_RULE_SUPPRESS ? "suppress_prefixlength"
							  : "not fwmark",
		  step->table == ZTNET_TABLE_MAIN ? 254 : step->table,
		  ztnet_rtnl_strerror(err));
	return ztnet_rtnl_exit(err);
}

static int do_dns(const struct ztnet_step *step)
{
	int status;

	status = resolvconf("-a", step->name, step->text);
	if (status == 0)
		return ZTNET_EXIT_OK;
	ztnet_err("resolvconf -a %s failed (status %d)", step->name, status);
	return ZTNET_EXIT_FAILURE;
}

static int do_sysctl(void)
{
	if (write_sysctl(1) == 0)
		return ZTNET_EXIT_OK;
	ztnet_err("cannot set %s=1: %s", ZTNET_SRC_VALID_MARK, strerror(errno));
	return errno == EACCES || errno == EPERM ? ZTNET_EXIT_NOT_PERMITTED
						 : ZTNET_EXIT_FAILURE;
}

static int do_link_step(struct ztnet_quick_run *run, const struct ztnet_step *step)
{
	int err;

	switch (step->kind) {
	case ZTNET_STEP_ADDRESS:
		err = ztnet_rtnl_addr(&run->rtnl, run->ifindex, &step->prefix, true);
		return err < 0 ? say(err, "add the address", step, run->ifname) : 0;
	case ZTNET_STEP_MTU:
		err = ztnet_rtnl_link_set(&run->rtnl, run->ifindex, step->value, false);
		return err < 0 ? say(err, "set the MTU", step, run->ifname) : 0;
	default:
		err = ztnet_rtnl_link_set(&run->rtnl, run->ifindex, 0, true);
		return err < 0 ? say(err, "bring up", step, run->ifname) : 0;
	}
}

int ztnet_quick_do(struct ztnet_quick_run *run, struct ztnet_step *step)
{
	switch (step->kind) {
	case ZTNET_STEP_LINK:
		return do_link(run);
	case ZTNET_STEP_HOOK:
		return ztnet_quick_hook_run(step->name, step->text);
	case ZTNET_STEP_SETCONF:
		return ztnet_apply(run->dev);
	case ZTNET_STEP_ADDRESS:
	case ZTNET_STEP_MTU:
	case ZTNET_STEP_UP:
		return do_link_step(run, step);
	case ZTNET_STEP_DNS:
		return do_dns(step);
	case ZTNET_STEP_FWMARK:
		return do_fwmark(run, step->value);
	case ZTNET_STEP_ROUTE:
		return do_route(run, step);
	case ZTNET_STEP_RULE_NOT_FWMARK:
	case ZTNET_STEP_RULE_SUPPRESS:
		return do_rule(run, step);
	case ZTNET_STEP_SYSCTL:
		return do_sysctl();
	}
	return ZTNET_EXIT_FAILURE;
}

static int undo_nl(struct ztnet_quick_run *run, const struct ztnet_step *step)
{
	switch (step->kind) {
	case ZTNET_STEP_LINK:
		return ztnet_rtnl_link_del(&run->rtnl, step->name);
	case ZTNET_STEP_ADDRESS:
		return ztnet_rtnl_addr(&run->rtnl, run->ifindex, &step->prefix, false);
	case ZTNET_STEP_ROUTE:
		return ztnet_rtnl_route(&run->rtnl, run->ifindex, &step->prefix,
					step->table, false);
	default:
		return ztnet_rtnl_rule(&run->rtnl, step, false);
	}
}

/* Back to what it was, unless another tunnel still needs it set. */
static int undo_sysctl(struct ztnet_quick_run *run, const struct ztnet_step *step,
		       char *why, size_t size)
{
	if (ztnet_state_hand_over(run->ifname, step))
		return ZTNET_EXIT_OK;
	if (write_sysctl(step->value) == 0)
		return ZTNET_EXIT_OK;
	snprintf(why, size, "%s", strerror(errno));
	return ZTNET_EXIT_FAILURE;
}

int ztnet_quick_undo(struct ztnet_quick_run *run, const struct ztnet_step *step,
		     char *why, size_t size)
{
	int err;

	if (step->kind == ZTNET_STEP_SYSCTL)
		return undo_sysctl(run, step, why, size);
	if (step->kind == ZTNET_STEP_DNS) {
		/* wg-quick ignores resolvconf's complaints here too. */
		resolvconf("-d", step->name, NULL);
		return ZTNET_EXIT_OK;
	}
	if (!ztnet_step_undoable(step))
		return ZTNET_EXIT_OK;
	/*
	 * Gone with the link, or by hand: nothing left to undo.  A link of
	 * another kind by that name (down's check) is not ours to delete.
	 */
	if (step->kind != ZTNET_STEP_RULE_NOT_FWMARK &&
	    step->kind != ZTNET_STEP_RULE_SUPPRESS && run->ifindex <= 0)
		return ZTNET_EXIT_OK;
	err = undo_nl(run, step);
	if (err >= 0 || ztnet_rtnl_gone(err))
		return ZTNET_EXIT_OK;
	snprintf(why, size, "%s", ztnet_rtnl_strerror(err));
	return ztnet_rtnl_exit(err);
}
