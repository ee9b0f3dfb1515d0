// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "key.h"
#include "mem.h"
#include "sync.h"

static int compare_keys(const void *a, const void *b)
{
	return memcmp(*(const uint8_t *const *)a, *(const uint8_t *const *)b,
		      ZTNET_KEY_LEN);
}

/* The public keys of dev's peers, sorted for bsearch. */
static const uint8_t **sorted_keys(const struct ztnet_device *dev)
{
	const uint8_t **keys = calloc(dev->peers_len, sizeof(*keys));
	size_t i;

	if (!keys)
		ztnet_out_of_memory();
	for (i = 0; i < dev->peers_len; i++)
		keys[i] = dev->peers[i].public_key;
	qsort(keys, dev->peers_len, sizeof(*keys), compare_keys);
	return keys;
}

static bool listed(const uint8_t **keys, size_t count, const uint8_t *key)
{
	return bsearch(&key, keys, count, sizeof(*keys), compare_keys);
}

/* Puts a removal of key before every peer of file, as wg does. */
static void prepend_removals(struct ztnet_device *file,
			     const struct ztnet_device *runtime,
			     const uint8_t **keys, size_t count)
{
	struct ztnet_device plan = { 0 };
	size_t i;

	for (i = 0; i < runtime->peers_len; i++) {
		const uint8_t *key = runtime->peers[i].public_key;
		struct ztnet_peer *peer;

		if (listed(keys, count, key))
			continue;
		peer = ztnet_device_add_peer(&plan);
		memcpy(peer->public_key, key, ZTNET_KEY_LEN);
		peer->remove_me = true;
	}
	for (i = 0; i < file->peers_len; i++) {
		*ztnet_device_add_peer(&plan) = file->peers[i];
		memset(&file->peers[i], 0, sizeof(file->peers[i]));
	}
	ztnet_wipe(file->peers, file->peers_cap * sizeof(*file->peers));
	free(file->peers);
	file->peers = plan.peers;
	file->peers_len = plan.peers_len;
	file->peers_cap = plan.peers_cap;
}

/*
 * What the file leaves out of a peer it keeps is cleared, as current wg
 * does: a preshared key or keepalive removed from the file goes.
 */
static void clear_what_is_left_out(struct ztnet_device *file)
{
	size_t i;

	for (i = 0; i < file->peers_len; i++) {
		struct ztnet_peer *peer = &file->peers[i];

		if (!peer->has_preshared_key) {
			peer->has_preshared_key = true;
			memset(peer->preshared_key, 0, ZTNET_KEY_LEN);
		}
		if (!peer->has_keepalive) {
			peer->has_keepalive = true;
			peer->keepalive = 0;
		}
	}
}

void ztnet_sync_plan(struct ztnet_device *file,
		     const struct ztnet_device *runtime)
{
	const uint8_t **keys;

	/* A file without peers simply removes them all. */
	if (!file->peers_len || !runtime->peers_len)
		return;
	file->replace_peers = false;
	clear_what_is_left_out(file);
	keys = sorted_keys(file);
	prepend_removals(file, runtime, keys, file->peers_len);
	free(keys);
}
