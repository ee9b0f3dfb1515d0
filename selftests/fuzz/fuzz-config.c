// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the configuration parser (tools/conf.c): any text must either
 * parse, or fail with one message, a line number inside the text and
 * status 2 or 3.  What parses is printed back with `showconf`'s printer,
 * which must parse again to the same peers and print the same text, and
 * goes through the SET_DEVICE round trip, [Policy] and Groups included.
 *
 * The first byte picks addconf (bit 0) and the message size (the rest);
 * the text follows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "confprint.h"
#include "exitcode.h"
#include "fuzz-roundtrip.h"

#define TARGET "fuzz-config"

static unsigned int lines_in(const char *text, size_t len)
{
	unsigned int lines = 1;
	size_t i;

	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	return lines;
}

static void check_failure(const struct ztnet_device *dev,
			  const struct ztnet_parse_error *err,
			  const char *text, size_t len)
{
	static const struct ztnet_device zero;

	fuzz_require(memcmp(dev, &zero, sizeof(zero)) == 0, TARGET,
		     "a refused file leaves dev wiped");
	fuzz_require(err->status == ZTNET_EXIT_USAGE ||
		     err->status == ZTNET_EXIT_BAD_KEY, TARGET,
		     "status 2 or 3");
	fuzz_require(err->line >= 1 && err->line <= lines_in(text, len),
		     TARGET, "the line is in the text");
	fuzz_require(err->msg[0] != '\0' && !strchr(err->msg, '\n'), TARGET,
		     "one line of message");
}

static char *conf_text(const struct ztnet_device *dev, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);

	fuzz_require(out != NULL, TARGET, "open_memstream");
	ztnet_conf_print(out, dev);
	fclose(out);
	return text;
}

/* What setconf makes of showconf's text, showconf prints the same. */
static void check_fixed_point(const char *text, size_t len)
{
	struct ztnet_parse_error err;
	struct ztnet_device again;
	size_t len2 = 0;
	char *text2;

	fuzz_require(ztnet_conf_parse(text, len, false, &again, &err), TARGET,
		     "showconf output parses");
	fuzz_resolve_numeric(&again);
	text2 = conf_text(&again, &len2);
	fuzz_require(len == len2 && memcmp(text, text2, len) == 0, TARGET,
		     "showconf output round-trips exactly through setconf");
	free(text2);
	ztnet_device_wipe(&again);
}

/*
 * What showconf prints of a parsed file parses again, peer for peer, and
 * what setconf makes of that prints the same: every rule's text, the
 * [Policy] section and the groups round-trip exactly.  (An addconf file
 * reads back as a whole one, which has a private key, so the fixed point
 * is one step on.)
 */
static void check_reprint(const struct ztnet_device *dev, bool append)
{
	struct ztnet_parse_error err;
	struct ztnet_device again;
	size_t len = 0, len2 = 0, i;
	char *text = conf_text(dev, &len), *text2;

	fuzz_require(ztnet_conf_parse(text, len, false, &again, &err), TARGET,
		     "showconf output parses");
	fuzz_resolve_numeric(&again);
	text2 = conf_text(&again, &len2);
	if (!append)
		fuzz_require(len == len2 && memcmp(text, text2, len) == 0,
			     TARGET, "showconf output prints back the same");
	check_fixed_point(text2, len2);
	free(text2);
	fuzz_require(again.peers_len == dev->peers_len, TARGET,
		     "showconf output has every peer");
	for (i = 0; i < dev->peers_len; i++)
		fuzz_require(again.peers[i].allowedips_len ==
			     dev->peers[i].allowedips_len, TARGET,
			     "showconf output has every allowed IP");
	ztnet_device_wipe(&again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	char *text;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	text = malloc(len ? len : 1);
	fuzz_require(text != NULL, TARGET, "malloc");
	memcpy(text, data + 1, len);
	memset(&dev, 0xa5, sizeof(dev));
	if (!ztnet_conf_parse(text, len, data[0] & 1, &dev, &err)) {
		check_failure(&dev, &err, text, len);
	} else {
		strcpy(dev.ifname, "zt0");
		fuzz_round_trip(&dev, 320 + (size_t)(data[0] >> 1) * 64, TARGET);
		check_reprint(&dev, data[0] & 1);
		ztnet_device_wipe(&dev);
	}
	free(text);
	return 0;
}
