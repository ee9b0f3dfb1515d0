// SPDX-License-Identifier: GPL-2.0
/* The module's version and the DKMS package version must agree. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "../../kernel/version.h"

#ifndef ZTNET_REPO_ROOT
#error "the Makefile passes ZTNET_REPO_ROOT"
#endif

/* Reads PACKAGE_VERSION="x" (quotes optional) from dkms.conf into out. */
static bool read_dkms_version(char *out, size_t size)
{
	FILE *conf = fopen(ZTNET_REPO_ROOT "/dkms.conf", "r");
	char line[256];
	bool found = false;

	if (!conf)
		return false;
	while (!found && fgets(line, sizeof(line), conf)) {
		char *value;
		size_t len;

		if (strncmp(line, "PACKAGE_VERSION=", 16) != 0)
			continue;
		value = line + 16;
		value[strcspn(value, "\r\n")] = '\0';
		len = strlen(value);
		if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
			value[len - 1] = '\0';
			value++;
		}
		snprintf(out, size, "%s", value);
		found = true;
	}
	fclose(conf);
	return found;
}

static bool matches_dkms_conf(void)
{
	char dkms[256];

	CHECK(read_dkms_version(dkms, sizeof(dkms)));
	if (strcmp(dkms, ZTNET_VERSION) != 0)
		printf("# dkms.conf says %s, kernel/version.h says %s\n",
		       dkms, ZTNET_VERSION);
	CHECK(strcmp(dkms, ZTNET_VERSION) == 0);
	CHECK(dkms[0] != '\0');
	return true;
}

static const struct test_case cases[] = {
	{ "ZTNET_VERSION equals PACKAGE_VERSION of dkms.conf",
	  matches_dkms_conf },
};

TEST_SUITE(version_suite, "version", cases);
