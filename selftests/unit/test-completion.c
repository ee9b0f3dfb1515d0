// SPDX-License-Identifier: GPL-2.0
/*
 * The bash completion of tools/completion/ztnet.bash, through the cases
 * of completion-cases.sh, which bash runs as it would complete a line.
 */
#include <stdlib.h>

#include "harness.h"

static bool completes_commands_and_keywords(void)
{
	if (system("command -v bash >/dev/null") != 0)
		return test_skip("no bash");
	CHECK(system("bash " ZTNET_REPO_ROOT "/selftests/unit/completion-cases.sh") == 0);
	return true;
}

static const struct test_case cases[] = {
	{ "commands, keywords, devices and peers", completes_commands_and_keywords },
};

TEST_SUITE(completion_suite, "completion", cases);
