// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

void ztnet_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ztnet: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
