// SPDX-License-Identifier: GPL-2.0
/*
 * Documentation/netlink/specs/ztnet.yaml, the YNL spec of the family, must
 * say what kernel/uapi/ztnet.h says.  selftests/unit/ynl-spec-check does
 * the comparing, one check a case; its lines are shown as comments.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#ifndef ZTNET_REPO_ROOT
#error "the Makefile passes ZTNET_REPO_ROOT"
#endif

#define CHECKER ZTNET_REPO_ROOT "/selftests/unit/ynl-spec-check"

/* ynl-spec-check's status when a check cannot run on this host. */
#define CHECK_SKIPPED 77

/*
 * Runs one check of ynl-spec-check with Debian's python3 (where
 * install-deps puts python3-yaml and python3-jsonschema), else the first
 * python3 on PATH.
 */
static bool run_check(const char *check)
{
	static char skip_why[256];
	const char *python = access("/usr/bin/python3", X_OK) == 0 ?
			     "/usr/bin/python3" : "python3";
	char cmd[1024], line[1024], last[1024] = "";
	FILE *out;
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s %s 2>&1", python, CHECKER, check);
	fflush(stdout);
	out = popen(cmd, "r");
	CHECK(out != NULL);
	while (fgets(line, sizeof(line), out)) {
		line[strcspn(line, "\n")] = '\0';
		printf("# %s\n", line);
		snprintf(last, sizeof(last), "%s", line);
	}
	status = pclose(out);
	CHECK(status != -1 && WIFEXITED(status));
	if (WEXITSTATUS(status) == CHECK_SKIPPED) {
		const char *why = strstr(last, "skipped: ");

		snprintf(skip_why, sizeof(skip_why), "%.200s",
			 why ? why + strlen("skipped: ") : last);
		return test_skip(skip_why);
	}
	CHECK(WEXITSTATUS(status) == 0);
	return true;
}

static bool family(void)
{
	return run_check("family");
}

static bool commands(void)
{
	return run_check("commands");
}

static bool enums(void)
{
	return run_check("enums");
}

static bool attributes(void)
{
	return run_check("attributes");
}

static bool schema(void)
{
	return run_check("schema");
}

static bool library(void)
{
	return run_check("ynl");
}

static const struct test_case cases[] = {
	{ "family name, version and multicast groups agree with the header",
	  family },
	{ "commands agree with enum ztnet_cmd", commands },
	{ "enums, flags and constants agree with the header", enums },
	{ "every attribute set agrees with its attribute enum", attributes },
	{ "the spec is valid against Linux 6.12's genetlink-legacy.yaml",
	  schema },
	{ "Linux 6.12's YNL library loads the spec and decodes every attribute",
	  library },
};

TEST_SUITE(ynl_suite, "ynl-spec", cases);
