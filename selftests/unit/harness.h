/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small test harness: each test file defines a suite, an array of test
 * cases that return true on success, and harness.c runs them all and
 * prints one "ok N - suite: name" or "not ok N - ..." line per case.
 */
#ifndef ZTNET_TEST_HARNESS_H
#define ZTNET_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct test_case {
	const char *name;
	bool (*run)(void);
};

struct test_suite {
	const char *name;
	const struct test_case *cases;
	size_t count;
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TEST_SUITE(var, display_name, cases_array)			\
	const struct test_suite var = {					\
		.name = display_name, .cases = cases_array,		\
		.count = ARRAY_SIZE(cases_array),			\
	}

/* Fails the current test case, saying where and what. */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("# %s:%d: check failed: %s\n",		\
			       __FILE__, __LINE__, #cond);		\
			return false;					\
		}							\
	} while (0)

/*
 * Marks the current test case as skipped (it still counts as passed) when
 * the host cannot run it, e.g. because it has no netlink.
 */
bool test_skip(const char *why);

/*
 * Runs fn with stderr sent to a buffer, so tests can check the one-line
 * diagnostics of the tool.  Returns fn's result; out gets what it printed,
 * NUL-terminated and truncated to size.
 */
/*
 * Writes text to dir/name, mode 0600 (dir made if need be), and returns
 * the path, valid until the next call.  Aborts if it cannot.
 */
const char *test_write_file(const char *dir, const char *name, const char *text);

int capture_stderr(int (*fn)(void *), void *arg, char *out, size_t size);

extern const struct test_suite key_suite;
extern const struct test_suite device_suite;
extern const struct test_suite args_suite;
extern const struct test_suite netlink_suite;
extern const struct test_suite version_suite;
extern const struct test_suite completion_suite;
extern const struct test_suite quick_suite;
extern const struct test_suite up_suite;
extern const struct test_suite units_suite;
extern const struct test_suite conf_suite;
extern const struct test_suite setargs_suite;
extern const struct test_suite encode_suite;
extern const struct test_suite print_suite;
extern const struct test_suite allowedips_suite;
extern const struct test_suite ratelimiter_suite;
extern const struct test_suite rule_suite;
extern const struct test_suite policy_suite;
extern const struct test_suite ynl_suite;
extern const struct test_suite output_suite;

#endif /* ZTNET_TEST_HARNESS_H */
