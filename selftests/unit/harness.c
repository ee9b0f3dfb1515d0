// SPDX-License-Identifier: GPL-2.0
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static const struct test_suite *const suites[] = {
	&key_suite, &device_suite, &args_suite, &netlink_suite,
	&version_suite, &allowedips_suite, &conf_suite, &setargs_suite,
	&encode_suite, &print_suite, &ratelimiter_suite, &rule_suite, &policy_suite,
	&completion_suite, &quick_suite, &up_suite, &units_suite, &ynl_suite,
	&output_suite,
};

static const char *skip_reason;

bool test_skip(const char *why)
{
	skip_reason = why;
	return true;
}

int capture_stderr(int (*fn)(void *), void *arg, char *out, size_t size)
{
	FILE *tmp = tmpfile();
	int saved, ret;
	size_t len = 0;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	if (!tmp || saved < 0 || dup2(fileno(tmp), STDERR_FILENO) < 0) {
		fprintf(stderr, "cannot capture stderr\n");
		_exit(2);
	}
	ret = fn(arg);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	if (size > 0) {
		len = fread(out, 1, size - 1, tmp);
		out[len] = '\0';
	}
	fclose(tmp);
	return ret;
}

static bool run_case(const struct test_suite *suite,
		     const struct test_case *tc, unsigned int n)
{
	bool ok;

	skip_reason = NULL;
	ok = tc->run();
	printf("%sok %u - %s: %s", ok ? "" : "not ", n, suite->name,
	       tc->name);
	if (ok && skip_reason)
		printf(" # SKIP %s", skip_reason);
	putchar('\n');
	fflush(stdout);
	return ok;
}

int main(void)
{
	unsigned int n = 0, passed = 0, failed = 0;
	size_t total = 0, s, c;

	if (sodium_init() < 0) {
		printf("Bail out! sodium_init failed\n");
		return 1;
	}
	for (s = 0; s < ARRAY_SIZE(suites); s++)
		total += suites[s]->count;
	printf("1..%zu\n", total);
	for (s = 0; s < ARRAY_SIZE(suites); s++) {
		for (c = 0; c < suites[s]->count; c++) {
			if (run_case(suites[s], &suites[s]->cases[c], ++n))
				passed++;
			else
				failed++;
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

const char *test_write_file(const char *dir, const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
	return path;
}
