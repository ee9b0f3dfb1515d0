// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

bool ztnet_warnings_off;

static void say(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ztnet_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("ztnet: ", fmt, ap);
	va_end(ap);
}

void ztnet_warn(const char *fmt, ...)
{
	va_list ap;

	if (ztnet_warnings_off)
		return;
	va_start(ap, fmt);
	say("ztnet: Warning: ", fmt, ap);
	va_end(ap);
}
