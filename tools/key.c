// SPDX-License-Identifier: GPL-2.0
#include <sodium.h>

#include "key.h"

/*
 * The helpers below map between 6-bit values and base64 characters without
 * branches or table lookups indexed by secret data, so that decoding a
 * private key does not leak it through timing.  (x >> 8) on an int in
 * [-256, 255] is all ones when x is negative and zero otherwise.
 */
static int ct_in_range(int c, int lo, int hi)
{
	return ((lo - 1 - c) & (c - hi - 1)) >> 8;
}

/* Returns the 6-bit value of c, or -1 when c is not a base64 character. */
static int b64_value(int c)
{
	return -1
	       + (ct_in_range(c, 'A', 'Z') & (c - 'A' + 1))
	       + (ct_in_range(c, 'a', 'z') & (c - 'a' + 27))
	       + (ct_in_range(c, '0', '9') & (c - '0' + 53))
	       + (ct_in_range(c, '+', '+') & 63)
	       + (ct_in_range(c, '/', '/') & 64);
}

static char b64_char(int v)
{
	int c = 'A' + v;

	c += ((25 - v) >> 8) & 6;	/* 26..51 -> 'a'..'z' */
	c -= ((51 - v) >> 8) & 75;	/* 52..61 -> '0'..'9' */
	c -= ((61 - v) >> 8) & 15;	/* 62 -> '+' */
	c += ((62 - v) >> 8) & 3;	/* 63 -> '/' */
	return (char)c;
}

void ztnet_key_to_base64(char out[ZTNET_KEY_B64_LEN + 1],
			 const uint8_t key[ZTNET_KEY_LEN])
{
	unsigned int i;

	/* 30 bytes in ten groups of three, then two bytes and one '='. */
	for (i = 0; i < ZTNET_KEY_LEN / 3; i++) {
		const uint8_t *in = &key[i * 3];
		char *o = &out[i * 4];

		o[0] = b64_char(in[0] >> 2);
		o[1] = b64_char(((in[0] & 3) << 4) | (in[1] >> 4));
		o[2] = b64_char(((in[1] & 15) << 2) | (in[2] >> 6));
		o[3] = b64_char(in[2] & 63);
	}
	out[40] = b64_char(key[30] >> 2);
	out[41] = b64_char(((key[30] & 3) << 4) | (key[31] >> 4));
	out[42] = b64_char((key[31] & 15) << 2);
	out[43] = '=';
	out[44] = '\0';
}

static bool is_trailing_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/*
 * Decodes one base64 character into *bits and returns all ones if it was
 * not a base64 character, zero otherwise.
 */
static int decode_char(unsigned char c, unsigned int *bits)
{
	int v = b64_value(c);

	*bits = (unsigned int)v & 63;
	return v >> 8;
}

/* Decodes the 44 characters of text; returns non-zero if any was bad. */
static int decode_44(uint8_t key[ZTNET_KEY_LEN], const char *text)
{
	const unsigned char *t = (const unsigned char *)text;
	unsigned int i, j, v[4];
	int bad = 0;

	for (i = 0; i < ZTNET_KEY_LEN / 3; i++) {
		for (j = 0; j < 4; j++)
			bad |= decode_char(t[i * 4 + j], &v[j]);
		key[i * 3] = (uint8_t)((v[0] << 2) | (v[1] >> 4));
		key[i * 3 + 1] = (uint8_t)((v[1] << 4) | (v[2] >> 2));
		key[i * 3 + 2] = (uint8_t)((v[2] << 6) | v[3]);
	}
	for (j = 0; j < 3; j++)
		bad |= decode_char(t[40 + j], &v[j]);
	key[30] = (uint8_t)((v[0] << 2) | (v[1] >> 4));
	key[31] = (uint8_t)((v[1] << 4) | (v[2] >> 2));
	/*
	 * The last character carries two bits beyond the key; only the
	 * canonical encoding, with those bits zero, is accepted, so that a
	 * key has exactly one text form.
	 */
	bad |= (int)(v[2] & 3);
	bad |= t[43] ^ '=';
	return bad;
}

bool ztnet_key_from_base64(uint8_t key[ZTNET_KEY_LEN], const char *text,
			   size_t len)
{
	while (len > 0 && is_trailing_space(text[len - 1]))
		len--;
	if (len != ZTNET_KEY_B64_LEN || decode_44(key, text) != 0) {
		ztnet_wipe(key, ZTNET_KEY_LEN);
		return false;
	}
	return true;
}

void ztnet_key_clamp(uint8_t key[ZTNET_KEY_LEN])
{
	key[0] &= 248;
	key[31] &= 127;
	key[31] |= 64;
}

bool ztnet_key_public(uint8_t pub[ZTNET_KEY_LEN],
		      const uint8_t priv[ZTNET_KEY_LEN])
{
	/* libsodium clamps the scalar itself, as wg pubkey does. */
	return crypto_scalarmult_base(pub, priv) == 0 && !ztnet_key_is_zero(pub);
}

/*
 * Every clamped scalar is a multiple of the cofactor, so any of them times
 * a point of low order is the identity, which libsodium reports.
 */
bool ztnet_key_usable(const uint8_t pub[ZTNET_KEY_LEN])
{
	static const uint8_t probe[ZTNET_KEY_LEN] = { 0x08, 0x01 };
	uint8_t shared[ZTNET_KEY_LEN];
	bool ok = crypto_scalarmult(shared, probe, pub) == 0;

	ztnet_wipe(shared, sizeof(shared));
	return ok;
}

bool ztnet_key_equal(const uint8_t a[ZTNET_KEY_LEN],
		     const uint8_t b[ZTNET_KEY_LEN])
{
	return sodium_memcmp(a, b, ZTNET_KEY_LEN) == 0;
}

bool ztnet_key_is_zero(const uint8_t key[ZTNET_KEY_LEN])
{
	return sodium_is_zero(key, ZTNET_KEY_LEN) == 1;
}

void ztnet_wipe(void *secret, size_t len)
{
	sodium_memzero(secret, len);
}
