// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "exitcode.h"
#include "key.h"
#include "mem.h"

void ztnet_out_of_memory(void)
{
	ztnet_err("out of memory");
	exit(ZTNET_EXIT_FAILURE);
}

void ztnet_grow(void **array, size_t *cap, size_t len, size_t size,
		bool secret)
{
	size_t new_cap = *cap ? *cap * 2 : 8;
	void *bigger;

	if (len < *cap)
		return;
	if (new_cap > SIZE_MAX / size)
		ztnet_out_of_memory();
	bigger = calloc(new_cap, size);
	if (!bigger)
		ztnet_out_of_memory();
	if (*array) {
		memcpy(bigger, *array, len * size);
		if (secret)
			ztnet_wipe(*array, *cap * size);
		free(*array);
	}
	*array = bigger;
	*cap = new_cap;
}

char *ztnet_strndup(const char *s, size_t len)
{
	char *copy = strndup(s, len);

	if (!copy)
		ztnet_out_of_memory();
	return copy;
}
