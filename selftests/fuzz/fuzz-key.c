// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the text form of keys (tools/key.c).  The decoder avoids
 * branches on the data, which makes it easy to get subtly wrong, so its
 * verdict is compared with a plain reference: a key is accepted exactly
 * when, after trailing whitespace, it is 44 characters of canonical base64.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-key: invariant broken: %s\n", what);
		abort();
	}
}

static size_t trimmed_len(const uint8_t *text, size_t len)
{
	while (len > 0 && text[len - 1] != '\0' &&
	       memchr(" \t\n\r\v\f", text[len - 1], 6))
		len--;
	return len;
}

/* The 6-bit value of c, or -1. */
static int reference_value(uint8_t c)
{
	const char *at = c ? memchr(alphabet, c, 64) : NULL;

	return at ? (int)(at - alphabet) : -1;
}

static bool reference_accepts(const uint8_t *text, size_t len)
{
	size_t i;

	if (trimmed_len(text, len) != ZTNET_KEY_B64_LEN)
		return false;
	for (i = 0; i < ZTNET_KEY_B64_LEN - 1; i++)
		if (reference_value(text[i]) < 0)
			return false;
	/* The last character's low two bits lie beyond the 32 bytes. */
	return (reference_value(text[42]) & 3) == 0 && text[43] == '=';
}

static void check_decode(const uint8_t *data, size_t size)
{
	uint8_t key[ZTNET_KEY_LEN];
	char text[ZTNET_KEY_B64_LEN + 1];
	bool accepted;

	memset(key, 0xa5, sizeof(key));
	accepted = ztnet_key_from_base64(key, (const char *)data, size);
	require(accepted == reference_accepts(data, size),
		"the decoder agrees with the reference");
	if (!accepted) {
		require(ztnet_key_is_zero(key), "a refused key is zeroed");
		return;
	}
	ztnet_key_to_base64(text, key);
	require(memcmp(text, data, ZTNET_KEY_B64_LEN) == 0,
		"a decoded key encodes back to the same text");
}

/* Any 32 bytes survive encoding and decoding, with a newline or not. */
static void check_round_trip(const uint8_t *data, size_t size)
{
	uint8_t key[ZTNET_KEY_LEN];
	char text[ZTNET_KEY_B64_LEN + 2];

	if (size < ZTNET_KEY_LEN)
		return;
	ztnet_key_to_base64(text, data);
	require(strlen(text) == ZTNET_KEY_B64_LEN, "encodings are 44 chars");
	require(reference_accepts((const uint8_t *)text, ZTNET_KEY_B64_LEN),
		"encodings are canonical");
	strcat(text, "\n");
	require(ztnet_key_from_base64(key, text, sizeof(text) - 1),
		"an encoding decodes");
	require(memcmp(key, data, ZTNET_KEY_LEN) == 0,
		"an encoding decodes to its key");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_decode(data, size);
	check_round_trip(data, size);
	return 0;
}
