/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growing arrays.  A configuration can hold a hundred thousand allowed
 * IPs, so arrays double as they fill.  Running out of memory ends the
 * tool with one line: there is nothing sensible left to do.
 */
#ifndef ZTNET_MEM_H
#define ZTNET_MEM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Makes room in *array for at least one more element of size bytes past
 * len.  With secret set, the old block is wiped before it is freed, so
 * that no copy of a key is left in freed memory.
 */
void ztnet_grow(void **array, size_t *cap, size_t len, size_t size,
		bool secret);

/* strndup that exits when memory runs out. */
char *ztnet_strndup(const char *s, size_t len);

/* Ends the tool: "ztnet: out of memory", status 1. */
void ztnet_out_of_memory(void) __attribute__((noreturn));

#endif /* ZTNET_MEM_H */
