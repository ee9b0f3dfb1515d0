// SPDX-License-Identifier: GPL-2.0
/* The text form of keys: tools/key.c. */
#include <sodium.h>
#include <string.h>

#include "harness.h"
#include "key.h"

/*
 * Public keys below were computed by `wg pubkey` from wireguard-tools
 * 1.0.20210914; the first pair is also the Alice vector of RFC 7748 6.1.
 */
#define GOOD_KEY "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="

static const struct {
	const char *private_key;
	const char *public_key;
} vectors[] = {
	{ GOOD_KEY, "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=" },
	{ "wNNC1MiWfXiFFSaz+7SBq6SxZoH+PzW/YEAdYl+xY0U=",
	  "RKcoBOhfUBieYKpTBRYTcYWB3S5vWLAQaKRj51hehF8=" },
	/* Not clamped: both tools clamp before multiplying. */
	{ "//////////////////////////////////////////8=",
	  "hHwNLDdSNPNl5mCVUYejc1oPdhPRYJ06ak2MU66qWiI=" },
};

static const char *const good = GOOD_KEY;

static bool decodes(const char *text)
{
	uint8_t k[ZTNET_KEY_LEN];

	return ztnet_key_from_base64(k, text, strlen(text));
}

static bool round_trip(void)
{
	char ours[ZTNET_KEY_B64_LEN + 1], theirs[ZTNET_KEY_B64_LEN + 1];
	uint8_t k[ZTNET_KEY_LEN], back[ZTNET_KEY_LEN];
	int i;

	/* libsodium's encoder is an independent oracle for ours. */
	for (i = 0; i < 2000; i++) {
		randombytes_buf(k, sizeof(k));
		ztnet_key_to_base64(ours, k);
		sodium_bin2base64(theirs, sizeof(theirs), k, sizeof(k),
				  sodium_base64_VARIANT_ORIGINAL);
		CHECK(strcmp(ours, theirs) == 0);
		CHECK(ztnet_key_from_base64(back, ours, strlen(ours)));
		CHECK(ztnet_key_equal(k, back));
	}
	return true;
}

static bool every_byte_value(void)
{
	char text[ZTNET_KEY_B64_LEN + 1];
	uint8_t k[ZTNET_KEY_LEN], back[ZTNET_KEY_LEN];
	int v, pos;

	for (pos = 0; pos < ZTNET_KEY_LEN; pos++) {
		for (v = 0; v < 256; v++) {
			memset(k, 0x5a, sizeof(k));
			k[pos] = (uint8_t)v;
			ztnet_key_to_base64(text, k);
			CHECK(ztnet_key_from_base64(back, text, strlen(text)));
			CHECK(ztnet_key_equal(k, back));
		}
	}
	return true;
}

static bool known_vectors(void)
{
	uint8_t priv[ZTNET_KEY_LEN], pub[ZTNET_KEY_LEN];
	char text[ZTNET_KEY_B64_LEN + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		CHECK(decodes(vectors[i].private_key));
		ztnet_key_from_base64(priv, vectors[i].private_key,
				      ZTNET_KEY_B64_LEN);
		CHECK(ztnet_key_public(pub, priv));
		ztnet_key_to_base64(text, pub);
		CHECK(strcmp(text, vectors[i].public_key) == 0);
	}
	return true;
}

static bool rejects_wrong_length(void)
{
	char text[64];

	CHECK(!decodes(""));
	strcpy(text, good);
	text[43] = '\0';		/* 43 chars */
	CHECK(!decodes(text));
	strcpy(text, good);
	strcat(text, "=");		/* 45 chars */
	CHECK(!decodes(text));
	strcpy(text, "A");
	strcat(text, good);		/* 45 chars, '=' at the end */
	CHECK(!decodes(text));
	/* 32 bytes without padding: 43 chars. */
	strcpy(text, good);
	text[43] = '\0';
	strcat(text, "A");		/* 44 chars, no '=' */
	CHECK(!decodes(text));
	return true;
}

static bool rejects_bad_characters(void)
{
	const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char text[ZTNET_KEY_B64_LEN + 1];
	uint8_t k[ZTNET_KEY_LEN];
	int pos, c;

	for (pos = 0; pos < 43; pos++) {
		for (c = 1; c < 256; c++) {
			if (strchr(alphabet, c))
				continue;
			strcpy(text, good);
			text[pos] = (char)c;
			CHECK(!decodes(text));
		}
		/* A NUL inside the key, with the length still 44. */
		strcpy(text, good);
		text[pos] = '\0';
		CHECK(!ztnet_key_from_base64(k, text, ZTNET_KEY_B64_LEN));
	}
	return true;
}

static bool rejects_url_safe_alphabet(void)
{
	char text[ZTNET_KEY_B64_LEN + 1];

	strcpy(text, vectors[2].private_key);
	text[0] = '_';
	CHECK(!decodes(text));
	text[0] = '-';
	CHECK(!decodes(text));
	return true;
}

static bool rejects_nonzero_padding_bits(void)
{
	const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char text[ZTNET_KEY_B64_LEN + 1];
	int v;

	/* Character 42 holds 4 bits of the key and 2 that must be zero. */
	for (v = 0; v < 64; v++) {
		strcpy(text, good);
		text[42] = alphabet[v];
		CHECK(decodes(text) == ((v & 3) == 0));
	}
	return true;
}

static bool tolerates_trailing_whitespace(void)
{
	char text[64];
	uint8_t a[ZTNET_KEY_LEN], b[ZTNET_KEY_LEN];

	snprintf(text, sizeof(text), "%s\n", good);
	CHECK(decodes(text));
	snprintf(text, sizeof(text), "%s \t\r\n\v\f\n", good);
	CHECK(ztnet_key_from_base64(a, text, strlen(text)));
	CHECK(ztnet_key_from_base64(b, good, strlen(good)));
	CHECK(ztnet_key_equal(a, b));
	return true;
}

static bool rejects_other_whitespace(void)
{
	char text[64];

	snprintf(text, sizeof(text), " %s", good);
	CHECK(!decodes(text));
	snprintf(text, sizeof(text), "\n%s", good);
	CHECK(!decodes(text));
	snprintf(text, sizeof(text), "%.20s %s", good, good + 20);
	CHECK(!decodes(text));
	snprintf(text, sizeof(text), "%s\nX", good);
	CHECK(!decodes(text));
	CHECK(!decodes(" \n"));
	return true;
}

static bool ignores_bytes_past_len(void)
{
	uint8_t k[ZTNET_KEY_LEN];
	char text[64];

	/* The decoder takes a length, not a C string: stdin has no NUL. */
	snprintf(text, sizeof(text), "%sGARBAGE", good);
	CHECK(ztnet_key_from_base64(k, text, ZTNET_KEY_B64_LEN));
	CHECK(!ztnet_key_from_base64(k, text, strlen(text)));
	return true;
}

static bool wipes_key_on_failure(void)
{
	uint8_t k[ZTNET_KEY_LEN];
	char text[ZTNET_KEY_B64_LEN + 1];

	strcpy(text, good);
	text[43] = 'A';
	memset(k, 0xaa, sizeof(k));
	CHECK(!ztnet_key_from_base64(k, text, strlen(text)));
	CHECK(ztnet_key_is_zero(k));
	return true;
}

static bool clamps_like_curve25519(void)
{
	uint8_t k[ZTNET_KEY_LEN];

	memset(k, 0xff, sizeof(k));
	ztnet_key_clamp(k);
	CHECK(k[0] == 0xf8 && k[31] == 0x7f && k[15] == 0xff);
	memset(k, 0, sizeof(k));
	ztnet_key_clamp(k);
	CHECK(k[0] == 0 && k[31] == 0x40);
	return true;
}

static bool compares_and_wipes(void)
{
	uint8_t a[ZTNET_KEY_LEN], b[ZTNET_KEY_LEN];

	randombytes_buf(a, sizeof(a));
	memcpy(b, a, sizeof(b));
	CHECK(ztnet_key_equal(a, b));
	b[31] ^= 1;
	CHECK(!ztnet_key_equal(a, b));
	CHECK(!ztnet_key_is_zero(a));
	ztnet_wipe(a, sizeof(a));
	CHECK(ztnet_key_is_zero(a));
	return true;
}

static const struct test_case cases[] = {
	{ "round trip against libsodium's encoder", round_trip },
	{ "round trip of every byte value at every position", every_byte_value },
	{ "public keys match wg pubkey", known_vectors },
	{ "rejects 43, 45 and unpadded input", rejects_wrong_length },
	{ "rejects bad characters", rejects_bad_characters },
	{ "rejects the URL-safe alphabet", rejects_url_safe_alphabet },
	{ "rejects non-zero padding bits", rejects_nonzero_padding_bits },
	{ "tolerates trailing whitespace", tolerates_trailing_whitespace },
	{ "rejects leading and inner whitespace", rejects_other_whitespace },
	{ "reads only len bytes", ignores_bytes_past_len },
	{ "wipes the key when decoding fails", wipes_key_on_failure },
	{ "clamps like Curve25519", clamps_like_curve25519 },
	{ "compares and wipes keys", compares_and_wipes },
};

TEST_SUITE(key_suite, "key", cases);
