// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"

const char *ztnet_getenv(const char *name)
{
	char var[64];
	const char *value;

	snprintf(var, sizeof(var), "ZTNET_%s", name);
	value = getenv(var);
	if (value)
		return value;
	snprintf(var, sizeof(var), "WG_%s", name);
	return getenv(var);
}

bool ztnet_hide_keys(void)
{
	const char *value = ztnet_getenv("HIDE_KEYS");

	return !value || strcmp(value, "never") != 0;
}
